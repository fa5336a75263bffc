/**
 * Who in the task's unit handles it (issue 13): an officer claims an unassigned task, the unit's
 * head or clerk assigns it (or reassigns it, or clears it), the assignee hands it back. The status
 * stays; each is a change of its own, recorded and audited like any other. Whether the person
 * belongs to the unit and is active is checked by the API against the people it knows before the
 * Update is sent (the workflow reads nothing); here only what the task's own state decides.
 * Pure: each function checks the action against the state and prepares it on a copy.
 */
import { isOpen, type AssignmentAction } from '@dondoc/domain';
import { conflict } from '../shared/failures';
import { draftOf, recordChange, type PreparedChange } from './unit-task.change';
import type { AssignArgs, ClaimArgs, HandBackArgs, UnitTaskInput, UnitTaskState } from './contract';

/** The person handling the task; a state carried from a run before assignments has none. */
export function assigneeOf(state: UnitTaskState): string | null {
  return state.assignee ?? null;
}

/** An officer of the unit takes an unassigned task for themselves. */
export function claimTask(input: UnitTaskInput, state: UnitTaskState, args: ClaimArgs, now: number): PreparedChange {
  assertOpen(state, 'claim');
  const current = assigneeOf(state);
  if (current !== null)
    throw conflict(
      current === args.actor
        ? 'Bạn đã nhận xử lý công việc này rồi.'
        : `Công việc này đã có người xử lý (${current}); chỉ lãnh đạo hoặc văn thư của đơn vị mới giao lại được.`,
    );
  return changeAssignee(input, state, 'claim', args, args.actor, now);
}

/** The unit's head or clerk gives the task to a person of the unit, another one, or nobody (`assignee: null`). */
export function assignTask(input: UnitTaskInput, state: UnitTaskState, args: AssignArgs, now: number): PreparedChange {
  assertOpen(state, 'assign');
  const current = assigneeOf(state);
  if (args.assignee === current)
    throw conflict(
      current === null
        ? 'Công việc này chưa giao cho ai; không có gì để bỏ giao.'
        : `Công việc này đã được giao cho ${current}.`,
    );
  return changeAssignee(input, state, 'assign', args, args.assignee, now);
}

/** The assignee gives the task back to the unit: nobody handles it until it is claimed or assigned again. */
export function handBackTask(
  input: UnitTaskInput,
  state: UnitTaskState,
  args: HandBackArgs,
  now: number,
): PreparedChange {
  assertOpen(state, 'hand_back');
  const current = assigneeOf(state);
  if (current !== args.actor)
    throw conflict(
      current === null
        ? 'Công việc này chưa giao cho ai nên không thể trả lại.'
        : `Chỉ người đang xử lý công việc (${current}) mới trả lại được.`,
    );
  return changeAssignee(input, state, 'hand_back', args, null, now);
}

/** A closed task keeps whoever handled it: a change now would say nothing true. */
function assertOpen(state: UnitTaskState, action: AssignmentAction): void {
  if (!isOpen(state.status))
    throw conflict(`Công việc đã kết thúc (trạng thái ${state.status}); không thể ${VERBS[action]}.`);
}

const VERBS: Record<AssignmentAction, string> = {
  claim: 'nhận xử lý',
  assign: 'giao hoặc bỏ giao người xử lý',
  hand_back: 'trả lại',
};

function changeAssignee(
  input: UnitTaskInput,
  state: UnitTaskState,
  action: AssignmentAction,
  args: ClaimArgs,
  assignee: string | null,
  now: number,
): PreparedChange {
  const next = draftOf(state);
  const previousAssignee = assigneeOf(state);
  next.assignee = assignee;
  return {
    next,
    record: recordChange(
      input,
      next,
      now,
      action,
      args,
      next.status,
      { assignee },
      {
        data: { assignee, previousAssignee },
      },
    ),
  };
}
