/**
 * The overdue rule, once: a task is overdue while its unit still owes the work (assigned,
 * acknowledged or in progress; a submission waiting for review is delivered) and the deadline in
 * force has passed. Lists (`GET /tasks?overdue=`), a directive's progress, the cascade roll-up, the
 * task view and the statistics all use it, in TypeScript or as the SQL below.
 */
import { TASK_STATUSES, isAwaitingWork, type TaskStatus } from './task-state';

/** Statuses in which the unit still owes the work: the ones an overdue task can have. */
const AWAITING_WORK: readonly TaskStatus[] = TASK_STATUSES.filter(isAwaitingWork);

/**
 * True while the unit still owes the work and the deadline in force has passed at `now`. Instants
 * are `Date`s or UTC ISO-8601 strings as `Date#toISOString` writes them (the cascade keeps its rows
 * as such strings and compares them as they are: a tree of 20,000 tasks parses no date).
 */
export function isOverdue(task: { status: TaskStatus; dueAt: Date | string }, now: Date | string): boolean {
  if (!isAwaitingWork(task.status)) return false;
  if (typeof task.dueAt === 'string' && typeof now === 'string') return task.dueAt < now;
  return epochOf(task.dueAt) < epochOf(now);
}

/**
 * The overdue rule as SQL over the tasks alias `t`, at the instant `now` (an SQL expression:
 * `now()` or a parameter). The same rule as {@link isOverdue}.
 */
export function overdueSql(t: string, now = 'now()'): string {
  return `(${t}.status IN (${AWAITING_WORK.map((s) => `'${s}'`).join(', ')}) AND ${t}.due_at < ${now})`;
}

function epochOf(instant: Date | string): number {
  return typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
}
