/**
 * How one change of a unit task is recorded: the next sequence number, the status it leads to,
 * the timestamps a status implies, and the open escalation closed when the task has moved on.
 * Shared by every action of {@link UnitTask}; pure, like it.
 */
import {
  ValidationError,
  isTerminal,
  type DueEvent,
  type ScheduledEvent,
  type TaskEventAction,
  type TaskStatus,
} from '@dondoc/domain';
import { isLate } from './unit-task.notices';
import type { ActorArgs, UnitTaskInput, UnitTaskState } from './contract';
import type { TaskChange, TaskPatch } from './task-change';

/** Actor recorded for what the engine does on its own. */
export const SYSTEM_ACTOR = 'system';

/** A change ready to write: its record for the read model, and the state the task takes once it is written. */
export interface PreparedChange {
  record: TaskChange;
  next: UnitTaskState;
}

/** What a change records besides its status and patch. */
export interface ChangeDetails extends Pick<
  TaskChange,
  'notifications' | 'escalation' | 'extensionRequest' | 'successor' | 'frozenAttachmentIds'
> {
  data?: Record<string, unknown>;
  /** The task moved on (a submission, a new deadline): the open escalation closes. */
  closesEscalation?: boolean;
}

/** An epoch instant as the read model and the notices write it. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A copy of a state to prepare a change on (it holds JSON values only). */
export function draftOf(state: UnitTaskState): UnitTaskState {
  return JSON.parse(JSON.stringify(state)) as UnitTaskState;
}

/**
 * Applies a change to `next` (a copy of the state) and returns the record of it for the read
 * model. A change that ends the task, or that says the task moved on (`closesEscalation`), closes
 * the open escalation unless it resolves it itself. `caller` is who acted: a person's Update
 * arguments (with their unit and HTTP request), or a name (the engine).
 */
export function recordChange(
  input: Pick<UnitTaskInput, 'taskId' | 'directiveId'>,
  next: UnitTaskState,
  now: number,
  action: TaskEventAction,
  caller: string | ActorArgs,
  to: TaskStatus,
  patch: TaskPatch = {},
  details: ChangeDetails = {},
): TaskChange {
  const from = next.status;
  next.sequence += 1;
  next.status = to;
  const fullPatch: TaskPatch = { ...patch };
  if (from === 'assigned' && to !== 'assigned' && !isTerminal(to)) fullPatch.acknowledgedAt ??= iso(now);
  if (isTerminal(to)) {
    fullPatch.closedAt = iso(now);
    if (to === 'completed') fullPatch.completedAt = iso(now);
  }
  const { data = {}, closesEscalation = false, ...rest } = details;
  if (next.openEscalationId !== null && (isTerminal(to) || closesEscalation || rest.escalation?.op === 'resolve')) {
    rest.escalation ??= { op: 'close', escalationId: next.openEscalationId };
    fullPatch.escalated = false;
    next.openEscalationId = null;
    next.climb = null;
  }
  const who = typeof caller === 'string' ? { actor: caller } : caller;
  return {
    taskId: input.taskId,
    directiveId: input.directiveId,
    sequence: next.sequence,
    actor: who.actor,
    actorUnitId: who.actorUnitId ?? null,
    httpRequestId: who.httpRequestId ?? null,
    action,
    fromStatus: from,
    toStatus: to,
    occurredAt: iso(now),
    patch: fullPatch,
    data,
    ...rest,
  };
}

/** A new deadline on `next`: the schedule restarts from now, and an escalation may open again for it. */
export function moveDeadline(next: UnitTaskState, dueAt: number, now: number): TaskPatch {
  next.dueAt = dueAt;
  next.cursor = now;
  next.cursorKind = null;
  next.escalatedForDeadline = false;
  return { dueAt: iso(dueAt) };
}

/** Parses an ISO date-time that must be later than `after`. @throws ValidationError naming `field`. */
export function futureInstant(field: string, value: string | undefined, after: number): number {
  const at = value === undefined ? NaN : Date.parse(value);
  if (Number.isNaN(at)) throw new ValidationError(field, 'must be an ISO-8601 date-time');
  if (at <= after) throw new ValidationError(field, `must be later than ${iso(after)}`);
  return at;
}

/** Event data of a scheduled event: when it was due, and whether it is sent late. */
export function scheduledData(event: ScheduledEvent | DueEvent): { scheduledFor: string; late?: true } {
  return { scheduledFor: iso(event.at), ...(isLate(event) ? { late: true as const } : {}) };
}
