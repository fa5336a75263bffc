/**
 * What one unit's daily digest lists, read from the read model as of an instant: its open tasks
 * whose reminder window has begun, its overdue tasks, and the open escalations that reached it.
 */
import type { EntityManager } from 'typeorm';
import {
  TASK_STATUSES,
  addDuration,
  isAwaitingWork,
  offsetFromDeadline,
  overdueSql,
  parseIsoDuration,
  type ReminderPolicy,
  type WorkingCalendar,
} from '@dondoc/domain';
import type { DigestEscalationItem, DigestItem } from '@dondoc/delivery';

/** The three lists of one unit's digest; each may be empty. */
export interface UnitDigestItems {
  dueSoon: DigestItem[];
  overdue: DigestItem[];
  escalations: DigestEscalationItem[];
}

/**
 * The furthest ahead a reminder window can open: ten years of calendar offsets is absurd, so the
 * bound is what a policy may say in practice (60 working days ≈ three months) with a margin.
 */
const LONGEST_REMINDER_WINDOW = parseIsoDuration('P200D');

interface TaskRow {
  task_id: string;
  directive_id: string;
  directive_number: string;
  directive_subject: string;
  unit_name: string;
  due_at: Date;
  reminder_policy: ReminderPolicy;
  level?: number;
}

const TASK_COLUMNS = `t.id AS task_id, d.id AS directive_id, d.number AS directive_number, d.subject AS directive_subject,
  u.name AS unit_name, t.due_at, d.reminder_policy`;
const TASK_JOINS = `JOIN directives d ON d.id = t.directive_id JOIN units u ON u.id = t.unit_id`;
/** The unit still owes the work: a report waiting for review is not "due soon" to its unit. */
const AWAITING_WORK = `t.status IN (${TASK_STATUSES.filter(isAwaitingWork)
  .map((s) => `'${s}'`)
  .join(', ')})`;

/**
 * Reads a unit's digest lists as of `at` (epoch ms). Only listed tasks count (their workflow
 * runs: `activated_at`), as on every list of the API. "Due soon" is a task its unit still owes not yet due
 * whose first reminder instant (its policy's longest `before`, in calendar or working days of
 * `calendar`) has passed; a policy without reminders before the deadline never lists one there.
 */
export async function readUnitDigestItems(
  db: EntityManager,
  unitId: string,
  at: number,
  calendar: WorkingCalendar,
  linkOf: (taskId: string) => string,
): Promise<UnitDigestItems> {
  const atDate = new Date(at);
  const horizon = new Date(addDuration(at, LONGEST_REMINDER_WINDOW));
  const [upcoming, overdue, escalations] = (await Promise.all([
    db.query(
      `SELECT ${TASK_COLUMNS} FROM tasks t ${TASK_JOINS}
        WHERE t.unit_id = $1 AND t.activated_at IS NOT NULL AND ${AWAITING_WORK} AND t.due_at >= $2 AND t.due_at <= $3`,
      [unitId, atDate, horizon],
    ),
    db.query(
      `SELECT ${TASK_COLUMNS} FROM tasks t ${TASK_JOINS}
        WHERE t.unit_id = $1 AND t.activated_at IS NOT NULL AND ${overdueSql('t', '$2')}`,
      [unitId, atDate],
    ),
    db.query(
      `SELECT ${TASK_COLUMNS}, e.level FROM escalations e JOIN tasks t ON t.id = e.task_id ${TASK_JOINS}
        WHERE e.status = 'open'
          AND (e.current_unit_id = $1
            OR EXISTS (SELECT 1 FROM escalation_levels l WHERE l.escalation_id = e.id AND l.coordinating_unit_id = $1))`,
      [unitId],
    ),
  ])) as [TaskRow[], TaskRow[], TaskRow[]];
  const item = (row: TaskRow): DigestItem => ({
    directiveId: row.directive_id,
    directiveNumber: row.directive_number,
    directiveSubject: row.directive_subject,
    taskId: row.task_id,
    unitName: row.unit_name,
    dueAt: row.due_at.getTime(),
    link: linkOf(row.task_id),
  });
  return {
    dueSoon: upcoming.filter((row) => reminderWindowOpened(row, at, calendar)).map(item),
    overdue: overdue.map(item),
    escalations: escalations.map((row) => ({ ...item(row), level: row.level ?? 1 })),
  };
}

/** Whether the task's earliest reminder before its deadline is at or before `at`. */
function reminderWindowOpened(row: TaskRow, at: number, calendar: WorkingCalendar): boolean {
  const dueAt = row.due_at.getTime();
  return row.reminder_policy.before.some(
    (offset, index) => offsetFromDeadline(dueAt, offset, -1, `before[${index}]`, calendar) <= at,
  );
}
