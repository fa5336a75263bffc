import { OPEN_STATUSES, type TaskStatus } from './task-state';
import { isOverdue, overdueSql } from './overdue';

/**
 * On-time statistics of unit tasks (docs/statistics.md is the specification). Every task placed
 * in a period has exactly one {@link TaskOutcome}; `extended` and `escalated` are flags beside
 * it. The same rules exist twice, once as {@link classifyTask} (for one task in hand) and once
 * as SQL fragments ({@link outcomeSql}) built here from the same status lists, so the API's
 * aggregate and a count made in code cannot drift apart.
 */

/** Where one task stands for the statistics; every task has exactly one. */
export const TASK_OUTCOMES = [
  'completedOnTime',
  'completedLate',
  'openWithinDeadline',
  'overdue',
  'waived',
  'cancelled',
  'reassigned',
] as const;

/** One of {@link TASK_OUTCOMES}. */
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** The facts of a task the statistics read (all from the task's row). */
export interface StatisticsTask {
  status: TaskStatus;
  /** The deadline now in force (after any extension). */
  dueAt: Date;
  /** The deadline first given; it places the task in a period. */
  originalDueAt: Date;
  submittedAt: Date | null;
  completedAt: Date | null;
  /** Whether the task was escalated at least once (an escalation row exists, open or not). */
  everEscalated: boolean;
}

/** One task's place in the statistics. */
export interface TaskClassification {
  outcome: TaskOutcome;
  /** Completed and delivered by the deadline first given (only when `outcome` is completedOnTime). */
  onTimeByOriginalDeadline: boolean;
  /** Its deadline was moved later than the one first given. */
  extended: boolean;
  escalated: boolean;
}

/** Counts of one unit (or a total, or a month) over one period. */
export interface StatisticsCounts {
  /** Tasks the unit owed: completed (on time or late), open within the deadline, overdue. */
  due: number;
  completedOnTime: {
    /** Delivered by the deadline first given. */
    byOriginalDeadline: number;
    /** Delivered by the deadline in force (an extension counts). */
    byExtendedDeadline: number;
  };
  /** Delivered after the deadline in force. */
  completedLate: number;
  openWithinDeadline: number;
  overdue: number;
  waived: number;
  cancelled: number;
  /** Handed to another unit, which then counts its own task; not in `due`. */
  reassigned: number;
  extended: number;
  escalated: number;
  /** completedOnTime.byExtendedDeadline / (due − openWithinDeadline), from 0 to 1; null when nothing is due yet. */
  onTimeRate: number | null;
  /** The same rate by the deadline first given. */
  onTimeRateByOriginalDeadline: number | null;
}

/** Statuses whose task ended in completion. */
const COMPLETED: readonly TaskStatus[] = ['completed'];
/** Statuses in which the unit still owes work, where a passed deadline makes the task overdue. */

/** When the unit delivered its work: its (last) submission, or the completion when it never submitted (an inform task). */
export function deliveredAt(task: Pick<StatisticsTask, 'submittedAt' | 'completedAt'>): Date | null {
  return task.submittedAt ?? task.completedAt;
}

/** Where one task stands at `now`; see docs/statistics.md for why each rule is so. */
export function classifyTask(task: StatisticsTask, now: Date): TaskClassification {
  const flags = { extended: task.dueAt.getTime() > task.originalDueAt.getTime(), escalated: task.everEscalated };
  const plain = (outcome: TaskOutcome): TaskClassification => ({ outcome, onTimeByOriginalDeadline: false, ...flags });
  switch (task.status) {
    case 'completed': {
      const delivered = deliveredAt(task);
      // A completed row always has completedAt; should one lack it, it cannot be called on time.
      if (delivered === null || delivered.getTime() > task.dueAt.getTime()) return plain('completedLate');
      return {
        outcome: 'completedOnTime',
        onTimeByOriginalDeadline: delivered.getTime() <= task.originalDueAt.getTime(),
        ...flags,
      };
    }
    case 'waived':
    case 'cancelled':
    case 'reassigned':
      return plain(task.status);
    default:
      return plain(isOverdue(task, now) ? 'overdue' : 'openWithinDeadline');
  }
}

/** Zero of everything; the rates are null. */
export function emptyCounts(): StatisticsCounts {
  return {
    due: 0,
    completedOnTime: { byOriginalDeadline: 0, byExtendedDeadline: 0 },
    completedLate: 0,
    openWithinDeadline: 0,
    overdue: 0,
    waived: 0,
    cancelled: 0,
    reassigned: 0,
    extended: 0,
    escalated: 0,
    onTimeRate: null,
    onTimeRateByOriginalDeadline: null,
  };
}

/** The counts of a set of tasks at `now`. */
export function countTasks(tasks: Iterable<StatisticsTask>, now: Date): StatisticsCounts {
  const raw = emptyRawCounts();
  for (const task of tasks) {
    const c = classifyTask(task, now);
    raw[c.outcome] += 1;
    if (c.onTimeByOriginalDeadline) raw.completedOnTimeByOriginal += 1;
    if (c.extended) raw.extended += 1;
    if (c.escalated) raw.escalated += 1;
  }
  return countsFromRaw(raw);
}

/** The separate counts a query returns (or a loop adds up); `due` and the rates follow from them. */
export interface RawCounts {
  completedOnTime: number;
  completedOnTimeByOriginal: number;
  completedLate: number;
  openWithinDeadline: number;
  overdue: number;
  waived: number;
  cancelled: number;
  reassigned: number;
  extended: number;
  escalated: number;
}

/** Names of {@link RawCounts}, in a fixed order (SQL column aliases use them). */
export const RAW_COUNT_NAMES: readonly (keyof RawCounts)[] = [
  'completedOnTime',
  'completedOnTimeByOriginal',
  'completedLate',
  'openWithinDeadline',
  'overdue',
  'waived',
  'cancelled',
  'reassigned',
  'extended',
  'escalated',
];

/** Every separate count at zero, named by {@link RAW_COUNT_NAMES}. */
function emptyRawCounts(): RawCounts {
  return Object.fromEntries(RAW_COUNT_NAMES.map((name) => [name, 0])) as unknown as RawCounts;
}

/** The full counts from the separate ones: `due` and both rates are derived here, once. */
export function countsFromRaw(raw: RawCounts): StatisticsCounts {
  const due = raw.completedOnTime + raw.completedLate + raw.openWithinDeadline + raw.overdue;
  const decided = due - raw.openWithinDeadline;
  const rate = (n: number): number | null => (decided === 0 ? null : n / decided);
  return {
    due,
    completedOnTime: { byOriginalDeadline: raw.completedOnTimeByOriginal, byExtendedDeadline: raw.completedOnTime },
    completedLate: raw.completedLate,
    openWithinDeadline: raw.openWithinDeadline,
    overdue: raw.overdue,
    waived: raw.waived,
    cancelled: raw.cancelled,
    reassigned: raw.reassigned,
    extended: raw.extended,
    escalated: raw.escalated,
    onTimeRate: rate(raw.completedOnTime),
    onTimeRateByOriginalDeadline: rate(raw.completedOnTimeByOriginal),
  };
}

/** Adds counts up (a totals row): the separate counts add, `due` and the rates are derived again. */
export function sumCounts(all: Iterable<StatisticsCounts>): StatisticsCounts {
  const raw = emptyRawCounts();
  for (const c of all) {
    raw.completedOnTime += c.completedOnTime.byExtendedDeadline;
    raw.completedOnTimeByOriginal += c.completedOnTime.byOriginalDeadline;
    raw.completedLate += c.completedLate;
    raw.openWithinDeadline += c.openWithinDeadline;
    raw.overdue += c.overdue;
    raw.waived += c.waived;
    raw.cancelled += c.cancelled;
    raw.reassigned += c.reassigned;
    raw.extended += c.extended;
    raw.escalated += c.escalated;
  }
  return countsFromRaw(raw);
}

/** A status list as SQL literals, e.g. `('assigned', 'acknowledged')`; statuses are fixed words, never input. */
function sqlStatuses(statuses: readonly TaskStatus[]): string {
  return `(${statuses.map((s) => `'${s}'`).join(', ')})`;
}

/**
 * The join that tells whether a task `t` was ever escalated: alias `esc` has a task_id when an
 * escalation of the task exists, open or closed (`tasks.escalated` says only whether one is
 * open now). A hash join: a subquery in the count's FILTER would be hashed only while the
 * escalations fit in work_mem, and rescanned for every task beyond that.
 */
export function escalationJoinSql(t: string, esc = 'esc_any'): string {
  return `LEFT JOIN (SELECT DISTINCT task_id FROM escalations) ${esc} ON ${esc}.task_id = ${t}.id`;
}

/**
 * Each of {@link RawCounts} as an SQL condition over the tasks alias `t` at `now`, the same rules
 * as {@link classifyTask}: `count(*) FILTER (WHERE <condition>)` per name gives the raw counts.
 * `escalated` needs {@link escalationJoinSql} with the same `esc` alias in the FROM clause.
 */
export function outcomeSql(t: string, now = 'now()', esc = 'esc_any'): Record<keyof RawCounts, string> {
  const delivered = `COALESCE(${t}.submitted_at, ${t}.completed_at)`;
  const completed = `${t}.status IN ${sqlStatuses(COMPLETED)}`;
  return {
    completedOnTime: `(${completed} AND ${delivered} <= ${t}.due_at)`,
    completedOnTimeByOriginal: `(${completed} AND ${delivered} <= ${t}.due_at AND ${delivered} <= ${t}.original_due_at)`,
    completedLate: `(${completed} AND (${delivered} IS NULL OR ${delivered} > ${t}.due_at))`,
    // Open includes a submission waiting for review: the unit has delivered, so it is not overdue.
    openWithinDeadline: `(${t}.status IN ${sqlStatuses(OPEN_STATUSES)} AND NOT ${overdueSql(t, now)})`,
    overdue: overdueSql(t, now),
    waived: `${t}.status IN ${sqlStatuses(['waived'])}`,
    cancelled: `${t}.status IN ${sqlStatuses(['cancelled'])}`,
    reassigned: `${t}.status IN ${sqlStatuses(['reassigned'])}`,
    extended: `${t}.due_at > ${t}.original_due_at`,
    escalated: `${esc}.task_id IS NOT NULL`,
  };
}
