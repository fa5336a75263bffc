import type { EmailTemplates, RenderedEmail } from './email-templates';
import { formatVietnamDate, formatVietnamDeadline } from './vietnamese-format';

/** One task line of a digest, as the dispatcher's query returns it. */
export interface DigestItem {
  directiveId: string;
  directiveNumber: string;
  directiveSubject: string;
  taskId: string;
  /** The unit whose task it is (a coordinating body's digest lists other units' tasks). */
  unitName: string;
  /** The task's deadline, epoch ms. */
  dueAt: number;
  /** The task's page for people. */
  link: string;
}

/** An open escalation in a digest: a task line and the level it has reached. */
export interface DigestEscalationItem extends DigestItem {
  level: number;
}

/** What one unit's daily digest lists; the three lists are the dispatcher's queries as of `at`. */
export interface DigestInput {
  /** The unit the digest is addressed to. */
  unitName: string;
  /** When the digest is made (epoch ms): its date is the date in the subject. */
  at: number;
  /** Open tasks whose deadline falls within the reminder window. */
  dueSoon: readonly DigestItem[];
  overdue: readonly DigestItem[];
  escalations: readonly DigestEscalationItem[];
}

interface DigestGroupView {
  directiveNumber: string;
  directiveSubject: string;
  dueSoon: DigestLineView[];
  overdue: DigestLineView[];
  escalations: DigestLineView[];
}

interface DigestLineView {
  unitName: string;
  deadline: string;
  link: string;
  level: number | null;
}

/**
 * The day's digest e-mail for one unit, or undefined when there is nothing to say (no e-mail is
 * sent then). Tasks are grouped by directive, directives in the order of their earliest deadline,
 * lines within a group by deadline.
 */
export function renderDigestEmail(templates: EmailTemplates, input: DigestInput): RenderedEmail | undefined {
  const total = input.dueSoon.length + input.overdue.length + input.escalations.length;
  if (total === 0) return undefined;
  const groups = new Map<string, DigestGroupView & { earliest: number }>();
  const add = (item: DigestItem, list: 'dueSoon' | 'overdue' | 'escalations', level: number | null): void => {
    let group = groups.get(item.directiveId);
    if (group === undefined) {
      group = {
        directiveNumber: item.directiveNumber,
        directiveSubject: item.directiveSubject,
        dueSoon: [],
        overdue: [],
        escalations: [],
        earliest: item.dueAt,
      };
      groups.set(item.directiveId, group);
    }
    group.earliest = Math.min(group.earliest, item.dueAt);
    group[list].push({ unitName: item.unitName, deadline: formatVietnamDeadline(item.dueAt), link: item.link, level });
  };
  for (const item of sortByDeadline(input.dueSoon)) add(item, 'dueSoon', null);
  for (const item of sortByDeadline(input.overdue)) add(item, 'overdue', null);
  for (const item of sortByDeadline(input.escalations)) add(item, 'escalations', item.level);
  const ordered = [...groups.values()].sort(
    (a, b) => a.earliest - b.earliest || a.directiveNumber.localeCompare(b.directiveNumber, 'vi'),
  );
  return templates.render('digest', {
    unitName: input.unitName,
    date: formatVietnamDate(input.at),
    summary: digestSummary(input),
    groups: ordered.map(({ earliest: _earliest, ...group }) => group),
  });
}

/** `2 sắp đến hạn, 1 quá hạn, 1 chuyển cấp xử lý`: the counts that are not zero, for the subject. */
export function digestSummary(input: Pick<DigestInput, 'dueSoon' | 'overdue' | 'escalations'>): string {
  const parts: string[] = [];
  if (input.dueSoon.length > 0) parts.push(`${input.dueSoon.length} sắp đến hạn`);
  if (input.overdue.length > 0) parts.push(`${input.overdue.length} quá hạn`);
  if (input.escalations.length > 0) parts.push(`${input.escalations.length} chuyển cấp xử lý`);
  return parts.join(', ');
}

function sortByDeadline<T extends DigestItem>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.dueAt - b.dueAt || a.unitName.localeCompare(b.unitName, 'vi'));
}
