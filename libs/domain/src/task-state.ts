import { DomainError } from './errors';

/** Every status a unit task can have; the order is the usual life of a task. */
export const TASK_STATUSES = [
  'assigned',
  'acknowledged',
  'in_progress',
  'submitted',
  'completed',
  'cancelled',
  'waived',
  'reassigned',
] as const;

/** Where a unit task stands. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses in which a task still expects something to happen; the rest are final. */
export const OPEN_STATUSES: readonly TaskStatus[] = ['assigned', 'acknowledged', 'in_progress', 'submitted'];

/** Statuses in which the unit itself still owes work (a submitted task waits on the reviewer). */
const AWAITING_WORK_STATUSES: readonly TaskStatus[] = ['assigned', 'acknowledged', 'in_progress'];

/** How a unit takes part in a directive: chủ trì (lead), phối hợp (coordinate), để biết (inform). */
export const TASK_ROLES = ['lead', 'coordinate', 'inform'] as const;

/** A unit's part in a directive; an `inform` task only has to be acknowledged. */
export type TaskRole = (typeof TASK_ROLES)[number];

/** Everything that can be done to a task, by people or by timers. This order is the order of `allowedActions`. */
export const TASK_ACTIONS = [
  'acknowledge',
  'progress',
  'submit',
  'accept',
  'return',
  'request_extension',
  'extend',
  'remind',
  'cancel',
  'waive',
  'reassign',
] as const;

/** One thing that can be done to a task. */
export type TaskAction = (typeof TASK_ACTIONS)[number];

/**
 * What a task event records, one per change a task's workflow makes. Most are the action itself;
 * the rest name what a timer or a decision did (`overdue`, `escalate`, `escalate_up`,
 * `approve_extension`, `reject_extension`, `amend_deadline`); `claim`, `assign` and `hand_back` change
 * who handles the task (`task-assignment.ts`).
 */
export const TASK_EVENT_ACTIONS = [
  'acknowledge',
  'progress',
  'submit',
  'accept',
  'return',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'amend_deadline',
  'extend',
  'remind',
  'overdue',
  'escalate',
  'escalate_up',
  'cancel',
  'waive',
  'reassign',
  'claim',
  'assign',
  'hand_back',
] as const;

/** The action a task event records. */
export type TaskEventAction = (typeof TASK_EVENT_ACTIONS)[number];

/** The facts the state machine decides on; nothing else about a task changes what is allowed. */
export interface TaskMachineState {
  status: TaskStatus;
  role: TaskRole;
  /** When true the issuer reviews a submission (accept/return); otherwise submitting completes the task. */
  reviewRequired: boolean;
}

/** True while the task can still change; reminders, extensions and cancellation only apply then. */
export function isOpen(status: TaskStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** True once nothing more can happen to the task (completed, cancelled, waived or reassigned). */
export function isTerminal(status: TaskStatus): boolean {
  return (TASK_STATUSES as readonly string[]).includes(status) && !isOpen(status);
}

/**
 * True while the unit itself owes work: the statuses that get reminders, overdue notices and
 * escalation. A submitted task is excluded because it waits on the reviewer, not the unit.
 */
export function isAwaitingWork(status: TaskStatus): boolean {
  return AWAITING_WORK_STATUSES.includes(status);
}

/** Narrows untrusted input (API bodies, stored rows) to a known status. */
export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

/** Narrows untrusted input to a known role. */
export function isTaskRole(value: unknown): value is TaskRole {
  return typeof value === 'string' && (TASK_ROLES as readonly string[]).includes(value);
}

/** Narrows untrusted input to a known action. */
export function isTaskAction(value: unknown): value is TaskAction {
  return typeof value === 'string' && (TASK_ACTIONS as readonly string[]).includes(value);
}

/** The status an action leads to, or undefined when the action is not allowed. The single source of the rules. */
function targetStatus(state: TaskMachineState, action: TaskAction): TaskStatus | undefined {
  const { status, role, reviewRequired } = state;
  const doesWork = role !== 'inform';
  switch (action) {
    case 'acknowledge':
      // An inform task has nothing to deliver: reading it is the whole job.
      if (status !== 'assigned') return undefined;
      return role === 'inform' ? 'completed' : 'acknowledged';
    case 'progress':
      return doesWork && isAwaitingWork(status) ? 'in_progress' : undefined;
    case 'submit':
      if (!doesWork || !isAwaitingWork(status)) return undefined;
      return reviewRequired ? 'submitted' : 'completed';
    case 'accept':
      return status === 'submitted' && reviewRequired ? 'completed' : undefined;
    case 'return':
      return status === 'submitted' && reviewRequired ? 'in_progress' : undefined;
    case 'request_extension':
      // Asking for time only makes sense while the unit still owes the work.
      return isAwaitingWork(status) ? status : undefined;
    case 'extend':
    case 'remind':
      return isOpen(status) ? status : undefined;
    case 'cancel':
      return isOpen(status) ? 'cancelled' : undefined;
    case 'waive':
      return isOpen(status) ? 'waived' : undefined;
    case 'reassign':
      return isOpen(status) ? 'reassigned' : undefined;
  }
  return undefined;
}

/** The actions allowed now, in `TASK_ACTIONS` order, so clients can offer exactly these. */
export function allowedActions(state: TaskMachineState): TaskAction[] {
  return TASK_ACTIONS.filter((action) => targetStatus(state, action) !== undefined);
}

/**
 * The status after `action`. Some actions (remind, extend, request_extension) keep the status.
 * @throws IllegalTransitionError when the action is not allowed in this state.
 */
export function nextStatus(state: TaskMachineState, action: TaskAction): TaskStatus {
  const target = targetStatus(state, action);
  if (target === undefined) {
    throw new IllegalTransitionError(state.status, action, allowedActions(state));
  }
  return target;
}

/**
 * An action the task's current status does not allow. Carries the actions that *are*
 * allowed so a client can explain or offer them without knowing the state machine.
 */
export class IllegalTransitionError extends DomainError {
  readonly code = 'ILLEGAL_TRANSITION';
  override readonly name = 'IllegalTransitionError';

  constructor(
    readonly status: TaskStatus,
    readonly action: TaskAction,
    readonly allowedActions: TaskAction[],
  ) {
    const allowed = allowedActions.length === 0 ? 'none' : allowedActions.join(', ');
    super(`cannot ${action} a task that is ${status}; allowed actions: ${allowed}`);
  }
}
