/**
 * The moves of a unit task's deadline other than an escalation's: a unit asks for more time, the
 * issuer approves or rejects the request, or amends the deadline itself. A new deadline restarts
 * the schedule and closes an escalation opened for the old one. Pure: each function checks the
 * action against the state and prepares it on a copy.
 */
import { ValidationError, nextStatus, type TaskAction, type TaskStatus } from '@dondoc/domain';
import { conflict, notFound } from '../shared/failures';
import { draftOf, futureInstant, iso, moveDeadline, recordChange, type PreparedChange } from './unit-task.change';
import type {
  AmendDeadlineArgs,
  DecideExtensionArgs,
  RequestExtensionArgs,
  UnitTaskInput,
  UnitTaskState,
} from './contract';

/** The status `action` leads to; @throws IllegalTransitionError when the state does not allow it. */
function allowed(input: UnitTaskInput, state: UnitTaskState, action: TaskAction): TaskStatus {
  return nextStatus({ status: state.status, role: input.role, reviewRequired: input.reviewRequired }, action);
}

/** Asks for a deadline later than both the current one and now, while the unit still owes the work; one pending request per id. */
export function requestExtension(
  input: UnitTaskInput,
  state: UnitTaskState,
  args: RequestExtensionArgs,
  now: number,
): PreparedChange {
  const to = allowed(input, state, 'request_extension');
  const { requestId, requestedDueAt, reason } = args;
  futureInstant('requestedDueAt', requestedDueAt, Math.max(state.dueAt, now));
  if (state.pendingExtensions.some((p) => p.id === requestId))
    throw new ValidationError('requestId', 'is already pending');
  const next = draftOf(state);
  next.pendingExtensions.push({ id: requestId, requestedDueAt });
  return {
    next,
    record: recordChange(
      input,
      next,
      now,
      'request_extension',
      args,
      to,
      {},
      {
        data: { requestId, requestedDueAt, reason },
        extensionRequest: { op: 'create', requestId, requestedDueAt, reason },
      },
    ),
  };
}

/** Decides a pending request. Approving moves the deadline, which needs an open task, and must move it later (else 409). */
export function decideExtension(
  input: UnitTaskInput,
  state: UnitTaskState,
  args: DecideExtensionArgs,
  now: number,
): PreparedChange {
  const { requestId, approve, reason } = args;
  const request = state.pendingExtensions.find((p) => p.id === requestId);
  if (request === undefined) throw notFound(`extension request ${requestId} is not pending on this task`);
  if (approve) {
    allowed(input, state, 'extend');
    futureInstant('requestedDueAt', request.requestedDueAt, now);
    if (Date.parse(request.requestedDueAt) <= state.dueAt) {
      throw conflict(`approving would not move the deadline later: the task is already due ${iso(state.dueAt)}`);
    }
  }
  const extensionRequest = { op: 'decide' as const, requestId, approved: approve, reason };
  const next = draftOf(state);
  next.pendingExtensions = next.pendingExtensions.filter((p) => p.id !== requestId);
  if (!approve)
    return {
      next,
      record: recordChange(
        input,
        next,
        now,
        'reject_extension',
        args,
        next.status,
        {},
        { data: { requestId, reason }, extensionRequest },
      ),
    };
  return {
    next,
    record: recordChange(
      input,
      next,
      now,
      'approve_extension',
      args,
      next.status,
      moveDeadline(next, Date.parse(request.requestedDueAt), now),
      {
        data: { requestId, dueAt: request.requestedDueAt, reason },
        extensionRequest,
        closesEscalation: true,
      },
    ),
  };
}

/** The issuer sets a new deadline, later than now, on an open task. */
export function amendDeadline(
  input: UnitTaskInput,
  state: UnitTaskState,
  args: AmendDeadlineArgs,
  now: number,
): PreparedChange {
  allowed(input, state, 'extend');
  const { dueAt, reason } = args;
  const at = futureInstant('dueAt', dueAt, now);
  const next = draftOf(state);
  return {
    next,
    record: recordChange(input, next, now, 'amend_deadline', args, next.status, moveDeadline(next, at, now), {
      data: { dueAt, reason },
      closesEscalation: true,
    }),
  };
}
