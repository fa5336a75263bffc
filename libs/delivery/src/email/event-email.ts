import { isPersonEventType, isPersonalEventType, type AnyDondocEvent, type TaskRole } from '@dondoc/domain';
import type { EmailTemplates, RenderedEmail } from './email-templates';
import { formatVietnamDeadline, formatVietnameseDuration, workingDaysLeftPhrase } from './vietnamese-format';

/**
 * What an e-mail says that the event does not carry: names people read instead of ids, and the
 * directive's instructions. The dispatcher looks them up when it renders.
 */
export interface EmailContext {
  /** Display names by unit id; an id without a name is shown as the id. */
  unitNames: Readonly<Record<string, string>>;
  /** The unit the e-mail is addressed to (an escalation goes to the coordinating body, not the late unit). */
  recipientUnitId: string;
  /** The directive's instructions (trích yếu / nội dung yêu cầu), or null when it has none. */
  instructions: string | null;
  /** The display name of the person a reminder, an overdue notice or an assignment names as handling the task (null: nobody). */
  assigneeName?: string | null;
}

/** How a unit's part reads in a letter: chủ trì, phối hợp, để biết. */
const ROLE_NAMES: Readonly<Record<TaskRole, string>> = { lead: 'chủ trì', coordinate: 'phối hợp', inform: 'để biết' };

/**
 * The e-mail for an event a person receives, in Vietnamese, with the deadline in Vietnam time.
 * @throws Error when the event is one people are not e-mailed about (a `ping`, a completion).
 */
export function renderEventEmail(
  templates: EmailTemplates,
  event: AnyDondocEvent,
  context: EmailContext,
): RenderedEmail {
  const type = event.type;
  if (!isPersonEventType(type) && !isPersonalEventType(type))
    throw new Error(`${type} is not sent to people by e-mail`);
  return templates.render(type, eventView(event, context));
}

/** The view model of an event's e-mail: the common fields and the ones its type adds. */
function eventView(event: AnyDondocEvent, context: EmailContext): Record<string, unknown> {
  const name = (unitId: string | null): string => (unitId === null ? '' : (context.unitNames[unitId] ?? unitId));
  const deadline = event.dueAt === null ? 'không có' : formatVietnamDeadline(Date.parse(event.dueAt));
  const common = {
    directiveNumber: event.directiveNumber ?? '',
    directiveSubject: event.directiveSubject ?? '',
    unitName: name(event.unitId),
    recipientName: name(context.recipientUnitId),
    deadline,
    instructions: context.instructions,
    link: event.link ?? '',
  };
  switch (event.type) {
    case 'task.reminder':
      return {
        ...common,
        urgency:
          event.data.workingDaysLeft === null ? `hạn ${deadline}` : workingDaysLeftPhrase(event.data.workingDaysLeft),
        assigneeName: context.assigneeName ?? null,
      };
    case 'task.overdue':
      return {
        ...common,
        sequence: event.data.sequence,
        repeated: event.data.sequence > 1,
        assigneeName: context.assigneeName ?? null,
      };
    case 'task.assigned':
      return { ...common, roleName: ROLE_NAMES[event.data.role] };
    case 'task.returned':
    case 'directive.withdrawn':
      return { ...common, reason: event.data.reason };
    case 'escalation.opened':
      return { ...common, level: event.data.level };
    case 'escalation.climbed':
      return {
        ...common,
        level: event.data.level,
        grace: formatVietnameseDuration(event.data.grace),
        fromUnitName: name(event.data.fromUnitId),
        coordinatingUnitName: name(event.data.coordinatingUnitId),
      };
    case 'task.assignee_changed':
      return { ...common, assigneeName: context.assigneeName ?? event.data.assignee ?? '', bySub: event.data.by.sub };
    case 'comment.added':
      return {
        ...common,
        text: event.data.text,
        authorSub: event.data.by.sub,
        authorUnitName: name(event.data.by.unitId),
      };
    default:
      return common;
  }
}
