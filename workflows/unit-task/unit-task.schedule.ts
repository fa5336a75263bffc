/**
 * What a unit task's timer loop does next: which scheduled event fires (a reminder, an overdue
 * notice, the escalation), when the open escalation climbs, and what was missed while no timer
 * could fire. Pure functions of the task's state, its policy, its calendar and the clock, so the
 * loop in `unit-task.workflow.ts` only waits and acts on the answer.
 */
import {
  addDuration,
  dueEvents,
  formatReminderOffset,
  isAwaitingWork,
  nextScheduledEvent,
  offsetFromDeadline,
  parseIsoDuration,
  type DueEvent,
  type ReminderPolicy,
  type ScheduledEvent,
  type WorkingCalendar,
} from '@dondoc/domain';
import type { UnitTaskState } from './contract';

/** What the loop does next; `at` is when (now or earlier: at once). */
export type NextStep =
  /** Nothing is scheduled: wait until a change re-plans. */
  | { kind: 'idle' }
  /** Send a scheduled event: a reminder, an overdue notice, or open the escalation. */
  | { kind: 'fire'; at: number; event: ScheduledEvent | DueEvent }
  /** Pass the open escalation one level up. */
  | { kind: 'climb'; at: number }
  /** Wake at an event's instant and plan again: the catch-up then finds it due (marked late if it is). */
  | { kind: 'recheck'; at: number };

/** The inputs of a plan other than the state: the task's policy, its calendar, and the patch flag. */
export interface SchedulePlan {
  policy: ReminderPolicy;
  calendar: WorkingCalendar;
  /** `patched('catch-up-missed-reminder')`: what fell due unseen is sent at once, one of each kind. */
  catchUp: boolean;
}

/**
 * The escalation a task should have had for its current deadline and did not get, because its
 * instant passed while no schedule ran (a report under review, then returned); sent at once.
 */
export function overdueEscalation(
  state: UnitTaskState,
  policy: ReminderPolicy,
  calendar: WorkingCalendar,
  now: number,
): ScheduledEvent | undefined {
  const grace = policy.escalateAfter;
  if (grace === null || state.escalatedForDeadline || !isAwaitingWork(state.status)) return undefined;
  const at = offsetFromDeadline(state.dueAt, grace, 1, 'reminderPolicy.escalateAfter', calendar);
  if (!(at < state.cursor && at <= now)) return undefined;
  return { kind: 'escalation', at: now, offset: `${formatReminderOffset(grace)} after (late)`, sequence: 0 };
}

/** When the open escalation climbs to the next body up: its current body's grace after it got there; none at the top. */
export function nextClimbAt(state: UnitTaskState): number | undefined {
  const climb = state.climb;
  if (state.openEscalationId === null || climb === null) return undefined;
  const current = climb.chain[climb.index];
  if (current === undefined || climb.index + 1 >= climb.chain.length) return undefined;
  return addDuration(climb.since, parseIsoDuration(current.grace));
}

/**
 * The loop's next step. A missed escalation goes first; then, with catch-up, the first of what
 * fell due while no timer could fire (the latest missed of each kind); else the next scheduled
 * event; a climb due no later than that event comes before it.
 */
export function nextStep(state: UnitTaskState, plan: SchedulePlan, now: number): NextStep {
  const { policy, calendar, catchUp } = plan;
  const late = overdueEscalation(state, policy, calendar, now);
  if (late !== undefined) return { kind: 'fire', at: now, event: late };
  const awaiting = isAwaitingWork(state.status);
  const options = {
    escalated: state.escalatedForDeadline,
    calendar,
    ...(state.cursorKind !== null ? { afterKind: state.cursorKind } : {}),
  };
  const missed = catchUp && awaiting ? dueEvents(state.dueAt, policy, state.cursor, now, options)[0] : undefined;
  const next = missed ?? (awaiting ? nextScheduledEvent(state.dueAt, policy, state.cursor, options) : undefined);
  const climbAt = nextClimbAt(state);
  if (climbAt !== undefined && climbAt <= (next?.at ?? Infinity)) return { kind: 'climb', at: climbAt };
  if (next === undefined) return { kind: 'idle' };
  if (catchUp && missed === undefined) return { kind: 'recheck', at: next.at };
  return { kind: 'fire', at: next.at, event: next };
}
