import type { UpdateDefinition } from '@temporalio/common';
import type { AssignmentAction, TaskAction } from '@dondoc/domain';
import {
  acceptUpdate,
  acknowledgeUpdate,
  amendDeadlineUpdate,
  assignUpdate,
  claimUpdate,
  decideExtensionUpdate,
  handBackUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  resolveEscalationUpdate,
  returnUpdate,
  submitUpdate,
  type AmendDeadlineArgs,
  type DecideExtensionArgs,
  type RequestExtensionArgs,
  type ResolveEscalationArgs,
} from '@dondoc/workflows/unit-task/contract';
import type { AssignBody, ProgressBody, ReturnBody, SubmitBody } from './tasks.dto';

/**
 * Who may take an action, checked before its Update is sent: an officer of the task's unit (or
 * of a unit acting for it), a clerk of the unit that issued the task's directive, or a
 * coordinating body the task's escalation has reached (checked by reading the escalation).
 * Who handles a task is decided inside the task's own unit (issue 13): an officer of that very
 * unit claims (`unit officer`), its head or clerk assigns (`unit head`), and the assignee, any
 * person of the unit, hands back (`unit member`; the workflow checks it is the assignee).
 */
export type ActionTaker =
  'officer' | 'issuing clerk' | 'coordinating body' | 'unit officer' | 'unit head' | 'unit member';

/** What an action is called in a refusal: the state machine's name, or an assignment's. */
export type ActionName = TaskAction | AssignmentAction;

/**
 * One thing a person does to a task, declared once: the state machine's name for it (what the
 * scope check and a refusal say), who may take it, the workflow Update that carries it, and how
 * the Update's argument is made from the acting person and the request's input.
 */
export interface TaskActionDefinition<Input, Arg> {
  /** A fixed action, or — for an escalation's resolution, which may be several — read from the argument. */
  readonly action: ActionName | ((arg: Arg) => TaskAction);
  readonly by: ActionTaker;
  readonly update: UpdateDefinition<unknown, [Arg]>;
  readonly args: (actor: string, input: Input) => Arg;
}

/** An action a person takes on a task found by its id: an officer's or an issuing clerk's, under one name. */
export type PersonalAction<Input, Arg> = TaskActionDefinition<Input, Arg> & {
  action: ActionName;
  by: Exclude<ActionTaker, 'coordinating body'>;
};

/** Keeps each entry's input and argument types (a plain object literal would widen them). */
function define<Input, Arg>(definition: TaskActionDefinition<Input, Arg>): TaskActionDefinition<Input, Arg> {
  return definition;
}

/** {@link define} for a person's action on a task, which the task's scope check takes. */
function personal<Input, Arg>(definition: PersonalAction<Input, Arg>): PersonalAction<Input, Arg> {
  return definition;
}

/** Adding an action to the API is one entry here, and one service method naming it. */
export const TASK_ACTION_TABLE = {
  acknowledge: personal({
    action: 'acknowledge',
    by: 'officer',
    update: acknowledgeUpdate,
    args: (actor: string) => ({ actor }),
  }),
  reportProgress: personal({
    action: 'progress',
    by: 'officer',
    update: reportProgressUpdate,
    args: (actor: string, body: ProgressBody) => ({ actor, percent: body.percent, note: body.note ?? null }),
  }),
  submit: personal({
    action: 'submit',
    by: 'officer',
    update: submitUpdate,
    args: (actor: string, body: SubmitBody) => ({
      actor,
      report: body.report,
      ...(body.attachmentIds !== undefined && body.attachmentIds.length > 0
        ? { attachmentIds: body.attachmentIds }
        : {}),
    }),
  }),
  accept: personal({
    action: 'accept',
    by: 'issuing clerk',
    update: acceptUpdate,
    args: (actor: string) => ({ actor }),
  }),
  return: personal({
    action: 'return',
    by: 'issuing clerk',
    update: returnUpdate,
    args: (actor: string, body: ReturnBody) => ({ actor, reason: body.reason }),
  }),
  requestExtension: personal({
    action: 'request_extension',
    by: 'officer',
    update: requestExtensionUpdate,
    args: (actor: string, request: Omit<RequestExtensionArgs, 'actor'>) => ({ actor, ...request }),
  }),
  decideExtension: personal({
    action: 'extend',
    by: 'issuing clerk',
    update: decideExtensionUpdate,
    args: (actor: string, decision: Omit<DecideExtensionArgs, 'actor'>) => ({ actor, ...decision }),
  }),
  amendDeadline: personal({
    action: 'extend',
    by: 'issuing clerk',
    update: amendDeadlineUpdate,
    args: (actor: string, amendment: Omit<AmendDeadlineArgs, 'actor'>) => ({ actor, ...amendment }),
  }),
  claim: personal({
    action: 'claim',
    by: 'unit officer',
    update: claimUpdate,
    args: (actor: string) => ({ actor }),
  }),
  assign: personal({
    action: 'assign',
    by: 'unit head',
    update: assignUpdate,
    args: (actor: string, body: AssignBody) => ({ actor, assignee: body.assignee }),
  }),
  handBack: personal({
    action: 'hand_back',
    by: 'unit member',
    update: handBackUpdate,
    args: (actor: string) => ({ actor }),
  }),
  resolveEscalation: define({
    action: (resolution: ResolveEscalationArgs) => resolution.action,
    by: 'coordinating body',
    update: resolveEscalationUpdate,
    // Built whole by the escalation's resolution (escalations.service.ts), which checks each case.
    args: (_actor: string, resolution: ResolveEscalationArgs) => resolution,
  }),
} as const;

/** The action's name for this argument. */
export function actionName<Input, Arg>(definition: TaskActionDefinition<Input, Arg>, arg: Arg): ActionName {
  return typeof definition.action === 'function' ? definition.action(arg) : definition.action;
}
