import { isOpen, type TaskStatus } from './task-state';

/**
 * Who in a unit handles its task (issue 13): an officer claims an unassigned task, the unit's
 * head or clerk assigns (or reassigns, or clears) it, the assignee hands it back. Apart from the
 * state machine's actions: whoever handles a task changes who is told first, not where it stands.
 */
export const ASSIGNMENT_ACTIONS = ['claim', 'assign', 'hand_back'] as const;

/** One way of changing who handles a task. */
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number];

/** The assignment actions open now, in `ASSIGNMENT_ACTIONS` order; none once the task is closed. */
export function assignmentActions(status: TaskStatus, assignee: string | null): AssignmentAction[] {
  if (!isOpen(status)) return [];
  return ASSIGNMENT_ACTIONS.filter((action) => {
    if (action === 'claim') return assignee === null;
    if (action === 'hand_back') return assignee !== null;
    return true;
  });
}
