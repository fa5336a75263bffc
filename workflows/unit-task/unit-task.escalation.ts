/**
 * A unit task's escalation: opened when the schedule says so, passed up its chain of bodies when
 * one lets its grace period run out, and resolved by a supervisor's decision (remind, extend,
 * waive, reassign). Any other change that ends the task or moves it on closes it
 * (`recordChange`). Pure: each function prepares a change on a copy of the state.
 */
import { ValidationError, nextStatus, type DueEvent, type ScheduledEvent } from '@dondoc/domain';
import { notFound } from '../shared/failures';
import { escalationNotice, climbNotices, supervisorReminderNotice } from './unit-task.notices';
import {
  SYSTEM_ACTOR,
  draftOf,
  futureInstant,
  iso,
  moveDeadline,
  recordChange,
  scheduledData,
  type PreparedChange,
} from './unit-task.change';
import type { EscalationLevel } from './task-change';
import type { ResolveEscalationArgs, UnitTaskInput, UnitTaskState } from './contract';

/** Opens the escalation for the current deadline at its chain's first body, whose grace counts from `now`. */
export function openEscalation(
  input: UnitTaskInput,
  state: UnitTaskState,
  event: ScheduledEvent | DueEvent,
  now: number,
  chain: EscalationLevel[],
  escalationId: string,
): PreparedChange {
  const { coordinatingUnitId, unitId } = input;
  const next = draftOf(state);
  next.cursor = event.at;
  next.cursorKind = event.kind;
  next.escalatedForDeadline = true;
  next.openEscalationId = escalationId;
  next.climb = { chain, index: 0, since: now };
  return {
    next,
    record: recordChange(
      input,
      next,
      now,
      'escalate',
      SYSTEM_ACTOR,
      next.status,
      { escalated: true },
      {
        data: { escalationId, level: 1, coordinatingUnitId, ...scheduledData(event) },
        escalation: { op: 'open', escalationId, coordinatingUnitId, unitId },
        notifications: [escalationNotice(coordinatingUnitId, unitId, event, next.dueAt)],
      },
    ),
  };
}

/** The open escalation was not resolved within its body's grace: it passes one level up, told to both bodies. */
export function climbEscalation(input: UnitTaskInput, state: UnitTaskState, now: number): PreparedChange {
  const next = draftOf(state);
  const { climb, openEscalationId: escalationId } = next;
  const from = climb?.chain[climb.index];
  const to = climb?.chain[climb.index + 1];
  if (escalationId === null || climb === null || from === undefined || to === undefined)
    throw new Error('no open escalation has a level left to climb to');
  const level = climb.index + 2;
  next.climb = { ...climb, index: climb.index + 1, since: now };
  return {
    next,
    record: recordChange(
      input,
      next,
      now,
      'escalate_up',
      SYSTEM_ACTOR,
      next.status,
      {},
      {
        data: { escalationId, level, coordinatingUnitId: to.unitId, fromUnitId: from.unitId, grace: from.grace },
        escalation: { op: 'climb', escalationId, level, coordinatingUnitId: to.unitId },
        notifications: climbNotices(input.unitId, from, to, level, next.dueAt, now),
      },
    ),
  };
}

/**
 * A supervisor's decision on the open escalation; each resolves it. Checked against the state:
 * the escalation must be the open one and the action allowed now; a new deadline must be ahead,
 * and a reassignment names another unit, the successor's id, and a deadline once the current
 * one has passed.
 * @throws the NOT_FOUND failure, IllegalTransitionError or ValidationError.
 */
export function resolveEscalation(
  input: UnitTaskInput,
  state: UnitTaskState,
  args: ResolveEscalationArgs,
  now: number,
): PreparedChange {
  if (state.openEscalationId !== args.escalationId)
    throw notFound(`escalation ${args.escalationId} is not open on this task`);
  const to = nextStatus({ status: state.status, role: input.role, reviewRequired: input.reviewRequired }, args.action);
  const { escalationId, note } = args;
  const next = draftOf(state);
  switch (args.action) {
    case 'remind': {
      const data = { escalationId, action: args.action, note, dueAt: args.dueAt };
      const notifications = [supervisorReminderNotice(input.unitId, note, next.dueAt, now)];
      return { next, record: recordChange(input, next, now, 'remind', args, to, {}, { data, notifications }) };
    }
    case 'extend': {
      const dueAt = futureInstant('dueAt', args.dueAt, now);
      const data = { escalationId, action: args.action, note, dueAt: args.dueAt };
      const escalation = {
        op: 'resolve' as const,
        escalationId,
        resolution: { action: args.action, note, dueAt: args.dueAt },
      };
      return {
        next,
        record: recordChange(input, next, now, 'extend', args, to, moveDeadline(next, dueAt, now), {
          data,
          escalation,
        }),
      };
    }
    case 'waive': {
      const data = { escalationId, action: args.action, note, dueAt: args.dueAt };
      const escalation = { op: 'resolve' as const, escalationId, resolution: { action: args.action, note } };
      return { next, record: recordChange(input, next, now, 'waive', args, to, {}, { data, escalation }) };
    }
    case 'reassign': {
      const { toUnitId, successorTaskId } = args;
      // The wire is not typed: a field the type requires may still be missing.
      if (!toUnitId) throw new ValidationError('toUnitId', 'is required to reassign');
      if (toUnitId === input.unitId)
        throw new ValidationError('toUnitId', 'must be another unit than the one the task is assigned to');
      if (!successorTaskId) throw new ValidationError('successorTaskId', 'is required to reassign');
      if (args.dueAt === undefined && state.dueAt <= now)
        throw new ValidationError('dueAt', 'is required to reassign once the current deadline has passed');
      if (args.dueAt !== undefined) futureInstant('dueAt', args.dueAt, now);
      const dueAt = args.dueAt ?? iso(state.dueAt);
      next.successor = { taskId: successorTaskId, unitId: toUnitId, role: input.role, dueAt };
      return {
        next,
        record: recordChange(
          input,
          next,
          now,
          'reassign',
          args,
          to,
          { reassignedToTaskId: successorTaskId },
          {
            data: { escalationId, action: args.action, note, dueAt, toUnitId, successorTaskId },
            successor: next.successor,
            escalation: { op: 'resolve', escalationId, resolution: { action: 'reassign', note, dueAt, toUnitId } },
          },
        ),
      };
    }
  }
}
