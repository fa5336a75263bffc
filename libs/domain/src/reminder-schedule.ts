import { ValidationError } from './errors';
import {
  addDuration,
  formatIsoDuration,
  isZeroDuration,
  parseIsoDuration,
  scaleDuration,
  type IsoDuration,
} from './duration';
import type { WorkingCalendar } from './calendar';
import { formatReminderOffset, type ReminderOffset, type ReminderPolicy } from './reminder-policy';

/** What an automatic event does: remind the unit, tell it the task is overdue, or escalate to the coordinating body. */
export const NOTICE_KINDS = ['reminder', 'overdue', 'escalation'] as const;

/** One kind of notice: a reminder before or at the deadline, an overdue notice, an escalation. */
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** One automatic event of a task, derived from its deadline and policy; never stored, always recomputed. */
export interface ScheduledEvent {
  kind: NoticeKind;
  /** When it is due, in epoch milliseconds. */
  at: number;
  /** Human label relative to the deadline: "P3D before", "at deadline", "P2D after". */
  offset: string;
  /** 1-based number of an overdue notice (the 2nd notice is 2); 0 for other kinds. */
  sequence: number;
}

/** Options that change which events are still due. */
export interface ScheduleOptions {
  /** An escalation is already open or was opened for this deadline: do not schedule another. */
  escalated?: boolean;
  /**
   * The kind of the event just fired at exactly `after`. Events at that same instant with a
   * later kind (reminder < overdue < escalation) are still due. Without it, only events strictly
   * after `after` are returned.
   */
  afterKind?: NoticeKind;
  /** The task's calendar, for offsets counted in working days; required when the policy has any. */
  calendar?: WorkingCalendar;
}

/**
 * The instant an offset puts before (`sign` -1) or after the deadline: an ISO duration as is, or
 * working days of `calendar` at the deadline's time of day.
 * @throws ValidationError when the offset counts working days and no calendar is given.
 */
export function offsetFromDeadline(
  dueAt: number,
  offset: ReminderOffset,
  sign: 1 | -1,
  field: string,
  calendar?: WorkingCalendar,
): number {
  if (typeof offset === 'string') return addDuration(dueAt, positiveDuration(offset, field), sign);
  if (calendar === undefined) throw new ValidationError(field, 'counts working days, but the task has no calendar');
  return calendar.shiftWorkingDays(dueAt, sign * offset.workingDays);
}

/** Order of kinds at the same instant: a reminder is sent before the overdue notice, which precedes escalation. */
export const SCHEDULED_EVENT_KIND_RANK: Readonly<Record<NoticeKind, number>> = Object.freeze({
  reminder: 0,
  overdue: 1,
  escalation: 2,
});

/** A preview longer than this is a mistake (a tiny repeat interval over a long window), not a schedule. */
export const MAX_PLANNED_EVENTS = 10_000;

/** Approximate lengths, only to guess which overdue notice comes next; the guess is then corrected exactly. */
const APPROX_MS = { year: 365.2425 * 86_400_000, month: 30.436875 * 86_400_000 };

/**
 * The first event of the task's schedule after a point in the schedule, or undefined when none is left.
 *
 * Events form a total order by (at, kind rank). A caller that has just fired event `e` passes
 * `after = e.at` and `opts.afterKind = e.kind`, so another event at the same instant (an overdue
 * notice and the escalation, both one day late under the default policy) is returned next instead
 * of being skipped. Without `afterKind`, the first event with `at > after` is returned: use that
 * after a restart or a deadline change, with `after` = now.
 *
 * Overdue notices repeat without end, so the next one is computed directly, never by walking them all.
 * @throws ValidationError when the policy holds a malformed or zero duration, or an instant is not finite.
 */
export function nextScheduledEvent(
  dueAt: number,
  policy: ReminderPolicy,
  after: number,
  opts: ScheduleOptions = {},
): ScheduledEvent | undefined {
  assertInstant(dueAt, 'dueAt');
  assertInstant(after, 'after');
  const afterRank = opts.afterKind === undefined ? Number.POSITIVE_INFINITY : SCHEDULED_EVENT_KIND_RANK[opts.afterKind];
  const isDue = (at: number, kind: NoticeKind): boolean =>
    at > after || (at === after && SCHEDULED_EVENT_KIND_RANK[kind] > afterRank);

  const candidates: ScheduledEvent[] = [];
  const reminder = reminders(dueAt, policy, opts.calendar).find((event) => isDue(event.at, event.kind));
  if (reminder) candidates.push(reminder);
  if (policy.overdueEvery !== null) {
    candidates.push(
      nextOverdue(dueAt, positiveDuration(policy.overdueEvery, 'reminderPolicy.overdueEvery'), isDue, after),
    );
  }
  if (policy.escalateAfter !== null && opts.escalated !== true) {
    const at = offsetFromDeadline(dueAt, policy.escalateAfter, 1, 'reminderPolicy.escalateAfter', opts.calendar);
    if (isDue(at, 'escalation'))
      candidates.push({
        kind: 'escalation',
        at,
        offset: `${formatReminderOffset(policy.escalateAfter)} after`,
        sequence: 0,
      });
  }
  return candidates.reduce<ScheduledEvent | undefined>(
    (first, event) => (first && compareEvents(first, event) <= 0 ? first : event),
    undefined,
  );
}

/** An event fired this long after its instant or later is sent marked as late. */
export const LATE_AFTER_MS = 60_000;

/** A scheduled event that is due now, and whether it is sent late. */
export interface DueEvent extends ScheduledEvent {
  /** Its instant passed more than {@link LATE_AFTER_MS} ago: the workflow started or resumed past it. */
  late: boolean;
}

/**
 * What to send now when the schedule stands at `after` (and `opts.afterKind`) and the clock at
 * `now`: of each kind, only the latest event that fell due (one reminder, one overdue notice,
 * the escalation), in firing order. A task that starts, or resumes after an outage, past several
 * instants catches up with one notice of each kind instead of a burst of every one it missed.
 * Empty when nothing is due yet.
 * @throws ValidationError as {@link nextScheduledEvent}.
 */
export function dueEvents(
  dueAt: number,
  policy: ReminderPolicy,
  after: number,
  now: number,
  opts: ScheduleOptions = {},
): DueEvent[] {
  assertInstant(now, 'now');
  const first = nextScheduledEvent(dueAt, policy, after, opts);
  if (first === undefined || first.at > now) return [];
  const afterRank = opts.afterKind === undefined ? Number.POSITIVE_INFINITY : SCHEDULED_EVENT_KIND_RANK[opts.afterKind];
  const isPending = (at: number, kind: NoticeKind): boolean =>
    at <= now && (at > after || (at === after && SCHEDULED_EVENT_KIND_RANK[kind] > afterRank));

  const due: ScheduledEvent[] = [];
  const reminder = reminders(dueAt, policy, opts.calendar)
    .filter((event) => isPending(event.at, event.kind))
    .at(-1);
  if (reminder) due.push(reminder);
  if (policy.overdueEvery !== null) {
    // The latest notice at or before now is the one before the first notice after now.
    const every = positiveDuration(policy.overdueEvery, 'reminderPolicy.overdueEvery');
    const upcoming = nextOverdue(dueAt, every, (at) => at > now, now);
    const k = upcoming.sequence - 1;
    const at = addDuration(dueAt, scaleDuration(every, k));
    if (k >= 1 && isPending(at, 'overdue'))
      due.push({ kind: 'overdue', at, offset: `${formatIsoDuration(scaleDuration(every, k))} after`, sequence: k });
  }
  if (policy.escalateAfter !== null && opts.escalated !== true) {
    const at = offsetFromDeadline(dueAt, policy.escalateAfter, 1, 'reminderPolicy.escalateAfter', opts.calendar);
    if (isPending(at, 'escalation'))
      due.push({ kind: 'escalation', at, offset: `${formatReminderOffset(policy.escalateAfter)} after`, sequence: 0 });
  }
  return due.sort(compareEvents).map((event) => ({ ...event, late: now - event.at >= LATE_AFTER_MS }));
}

/**
 * Every event with `from < at <= until`, in the order they fire: for previews on screen and for tests.
 * @throws ValidationError when the window holds more than MAX_PLANNED_EVENTS events.
 */
export function planSchedule(
  dueAt: number,
  policy: ReminderPolicy,
  from: number,
  until: number,
  opts: Pick<ScheduleOptions, 'escalated' | 'calendar'> = {},
): ScheduledEvent[] {
  assertInstant(until, 'until');
  const events: ScheduledEvent[] = [];
  let event = nextScheduledEvent(dueAt, policy, from, opts);
  while (event !== undefined && event.at <= until) {
    if (events.length === MAX_PLANNED_EVENTS) {
      throw new ValidationError('until', `covers more than ${MAX_PLANNED_EVENTS} events; choose a shorter window`);
    }
    events.push(event);
    event = nextScheduledEvent(dueAt, policy, event.at, { ...opts, afterKind: event.kind });
  }
  return events;
}

/** Orders events by instant, then by kind rank; the total order the schedule fires in. */
export function compareEvents(a: ScheduledEvent, b: ScheduledEvent): number {
  return (
    a.at - b.at || SCHEDULED_EVENT_KIND_RANK[a.kind] - SCHEDULED_EVENT_KIND_RANK[b.kind] || a.sequence - b.sequence
  );
}

/** All reminders in time order, one per instant (P1D and PT24H land together and send one message). */
function reminders(dueAt: number, policy: ReminderPolicy, calendar: WorkingCalendar | undefined): ScheduledEvent[] {
  const events: ScheduledEvent[] = policy.before.map((offset, i) => ({
    kind: 'reminder',
    at: offsetFromDeadline(dueAt, offset, -1, `reminderPolicy.before[${i}]`, calendar),
    offset: `${formatReminderOffset(offset)} before`,
    sequence: 0,
  }));
  if (policy.atDeadline) events.push({ kind: 'reminder', at: dueAt, offset: 'at deadline', sequence: 0 });
  // A stable sort keeps the first listed entry when two land on the same instant.
  events.sort((a, b) => a.at - b.at);
  return events.filter((event, i) => i === 0 || events[i - 1]?.at !== event.at);
}

/** The first overdue notice that is still due: find its number k from an estimate, then correct it exactly. */
function nextOverdue(
  dueAt: number,
  every: IsoDuration,
  isDue: (at: number, kind: NoticeKind) => boolean,
  after: number,
): ScheduledEvent {
  const at = (k: number): number => addDuration(dueAt, scaleDuration(every, k));
  const approxMs = approximateLength(every);
  let k = Math.max(1, Math.floor((after - dueAt) / approxMs));
  // Notices strictly move forward with k (the duration is positive), so both loops end after a few steps.
  while (k > 1 && isDue(at(k - 1), 'overdue')) k -= 1;
  while (!isDue(at(k), 'overdue')) k += 1;
  return { kind: 'overdue', at: at(k), offset: `${formatIsoDuration(scaleDuration(every, k))} after`, sequence: k };
}

function approximateLength(d: IsoDuration): number {
  const fixed = addDuration(0, { ...d, years: 0, months: 0 });
  return fixed + d.years * APPROX_MS.year + d.months * APPROX_MS.month;
}

function positiveDuration(text: string, field: string): IsoDuration {
  const duration = parseIsoDuration(text, field);
  if (isZeroDuration(duration)) throw new ValidationError(field, 'must be longer than zero');
  return duration;
}

function assertInstant(value: number, field: string): void {
  if (!Number.isFinite(value)) throw new ValidationError(field, 'must be an instant in epoch milliseconds');
}
