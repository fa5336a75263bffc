/**
 * Contract of the unit-task workflow: one unit's part of one directive. The API and the
 * worker import this file; nothing else crosses between them.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AssignmentAction,
  CalendarDefinition,
  NoticeKind,
  ReminderPolicy,
  TaskAction,
  TaskRole,
  TaskStatus,
} from '@dondoc/domain';
import type { EscalationLevel, SuccessorTask } from './task-change';

/**
 * `task/<directiveId>/<unitId>` for a one-off task, `task/<directiveId>@<period>/<unitId>` for one
 * period of a periodic report: deterministic, so a second start finds the first. Directive ids
 * are UUIDs (no `@`, no `/`), so the period reads back unambiguously whatever the unit id holds.
 */
export function unitTaskWorkflowId(directiveId: string, unitId: string, period: number | null = null): string {
  return period === null ? `task/${directiveId}/${unitId}` : `task/${directiveId}@${period}/${unitId}`;
}

/** Inverse of {@link unitTaskWorkflowId}; unit ids may themselves contain slashes. */
export function parseUnitTaskWorkflowId(
  workflowId: string,
): { directiveId: string; unitId: string; period: number | null } | undefined {
  const [, directiveId, period, unitId] = /^task\/([^/@]+)(?:@(\d+))?\/(.+)$/.exec(workflowId) ?? [];
  if (directiveId === undefined || unitId === undefined) return undefined;
  return { directiveId, unitId, period: period === undefined ? null : Number(period) };
}

/** What a unit task starts from. Times are ISO strings. */
export interface UnitTaskInput {
  taskId: string;
  directiveId: string;
  unitId: string;
  role: TaskRole;
  dueAt: string;
  originalDueAt: string;
  issuerUnitId: string;
  coordinatingUnitId: string;
  reviewRequired: boolean;
  reminderPolicy: ReminderPolicy;
  /**
   * The working-day calendar the policy's offsets in working days count on, as the API stored it
   * when the task was issued; set only for such a policy, and replaced by {@link replaceCalendarUpdate}.
   */
  calendar?: CalendarDefinition;
  /**
   * A workflow told, by {@link unitTaskClosedSignal}, when this task ends: the report series a
   * period belongs to. The series continues as new over the years, so it cannot await the child
   * of an earlier run; a signal by workflow id reaches whichever run is current.
   */
  notifyWorkflowId?: string;
  /** Set only by continue-as-new: the state to carry on from. */
  carried?: UnitTaskState;
}

/** Process state of a unit task; Temporal holds it, PostgreSQL mirrors it. */
export interface UnitTaskState {
  status: TaskStatus;
  dueAt: number;
  /** Count of changes written so far: the idempotency key of the next write. */
  sequence: number;
  /** The schedule has fired everything up to this instant (and kind at that instant). */
  cursor: number;
  cursorKind: NoticeKind | null;
  /** An escalation was opened for the current deadline; a new deadline clears it. */
  escalatedForDeadline: boolean;
  openEscalationId: string | null;
  /** Where the open escalation stands on its way up: the bodies, the current one, since when. */
  climb: EscalationClimb | null;
  pendingExtensions: { id: string; requestedDueAt: string }[];
  progressPercent: number;
  successor: SuccessorTask | null;
  /**
   * The `sub` of the person of the unit handling the task, or null. Optional: a state carried
   * from a run before assignments existed has none, which means nobody.
   */
  assignee?: string | null;
}

/** The open escalation's chain of bodies; `index` 0 is level 1. */
export interface EscalationClimb {
  chain: EscalationLevel[];
  index: number;
  /** When it reached the current body (epoch ms). */
  since: number;
}

/** What a query returns: the state plus what may be done next. */
export interface UnitTaskView {
  taskId: string;
  status: TaskStatus;
  dueAt: string;
  allowedActions: TaskAction[];
  openEscalationId: string | null;
  pendingExtensionIds: string[];
  /** Who handles the task, and which of claim, assign and hand back are open now (issue 13). */
  assignee: string | null;
  assignmentActions: AssignmentAction[];
}

/** How a unit task ended; a reassigned task names the task that replaces it. */
export interface UnitTaskResult {
  taskId: string;
  unitId: string;
  status: TaskStatus;
  successor: SuccessorTask | null;
}

/** Every human action names who acted; authentication plugs in behind the API's actor seam. */
export interface ActorArgs {
  actor: string;
  /** The acting person's unit and the HTTP request that carried the action, for the audit trail. */
  actorUnitId?: string;
  httpRequestId?: string;
}

export type AcknowledgeArgs = ActorArgs;
export interface ReportProgressArgs extends ActorArgs {
  percent: number;
  note: string | null;
}
export interface SubmitArgs extends ActorArgs {
  report: string;
  /** Attachments of this task the report names (checked by the API); the submission freezes them. Absent in older histories. */
  attachmentIds?: string[];
}
export type AcceptArgs = ActorArgs;
export interface ReturnArgs extends ActorArgs {
  reason: string;
}
export interface RequestExtensionArgs extends ActorArgs {
  requestId: string;
  requestedDueAt: string;
  reason: string;
}
export interface DecideExtensionArgs extends ActorArgs {
  requestId: string;
  approve: boolean;
  reason: string | null;
}
/** What every decision on an open escalation names: which escalation, who decided, and why. */
interface EscalationDecisionArgs extends ActorArgs {
  escalationId: string;
  note: string | null;
}
/** Ask the unit again, in the coordinating body's name; the deadline stays. */
export interface RemindEscalationArgs extends EscalationDecisionArgs {
  action: 'remind';
  /** Recorded with the decision only: a reminder does not move the deadline. */
  dueAt?: string;
}
/** Give the unit a new deadline. */
export interface ExtendEscalationArgs extends EscalationDecisionArgs {
  action: 'extend';
  dueAt: string;
}
/** Let the task go: it ends as waived. */
export interface WaiveEscalationArgs extends EscalationDecisionArgs {
  action: 'waive';
  /** Recorded with the decision only. */
  dueAt?: string;
}
/** Hand the work to another unit: the task ends as reassigned and a successor task takes over. */
export interface ReassignEscalationArgs extends EscalationDecisionArgs {
  action: 'reassign';
  toUnitId: string;
  /** Id for the replacing task; chosen by the API so a retried request reuses it. */
  successorTaskId: string;
  /** The successor's deadline; without it the current one, which must then be still ahead. */
  dueAt?: string;
}
/** A supervisor's decision on an open escalation: each action carries what it needs. */
export type ResolveEscalationArgs =
  RemindEscalationArgs | ExtendEscalationArgs | WaiveEscalationArgs | ReassignEscalationArgs;
/** A calendar edit: the task's reminders and escalation counted in working days follow the new calendar. */
export interface ReplaceCalendarArgs {
  calendar: CalendarDefinition;
  reason: string;
}
export interface AmendDeadlineArgs extends ActorArgs {
  dueAt: string;
  reason: string | null;
}
/** An officer takes the unassigned task: the actor becomes its assignee. */
export type ClaimArgs = ActorArgs;
/** The unit's head or clerk names the person who handles the task; null clears it. */
export interface AssignArgs extends ActorArgs {
  assignee: string | null;
}
/** The assignee gives the task back to the unit. */
export type HandBackArgs = ActorArgs;

export const acknowledgeUpdate = defineUpdate<UnitTaskView, [AcknowledgeArgs]>('acknowledge');
export const reportProgressUpdate = defineUpdate<UnitTaskView, [ReportProgressArgs]>('reportProgress');
export const submitUpdate = defineUpdate<UnitTaskView, [SubmitArgs]>('submit');
export const acceptUpdate = defineUpdate<UnitTaskView, [AcceptArgs]>('accept');
export const returnUpdate = defineUpdate<UnitTaskView, [ReturnArgs]>('return');
export const requestExtensionUpdate = defineUpdate<UnitTaskView, [RequestExtensionArgs]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<UnitTaskView, [DecideExtensionArgs]>('decideExtension');
export const resolveEscalationUpdate = defineUpdate<UnitTaskView, [ResolveEscalationArgs]>('resolveEscalation');
export const amendDeadlineUpdate = defineUpdate<UnitTaskView, [AmendDeadlineArgs]>('amendDeadline');
export const replaceCalendarUpdate = defineUpdate<UnitTaskView, [ReplaceCalendarArgs]>('replaceCalendar');
export const claimUpdate = defineUpdate<UnitTaskView, [ClaimArgs]>('claim');
export const assignUpdate = defineUpdate<UnitTaskView, [AssignArgs]>('assign');
export const handBackUpdate = defineUpdate<UnitTaskView, [HandBackArgs]>('handBack');
export const taskStateQuery = defineQuery<UnitTaskView>('taskState');

/** Sent to `notifyWorkflowId` when the task ends, with how it ended. */
export const unitTaskClosedSignal = defineSignal<[UnitTaskResult]>('unitTaskClosed');

/**
 * The unit task's workflow type as the worker registers it. Code outside the workflow bundle (a
 * report period's activity) starts the workflow by this name, so it never imports the implementation.
 */
export const UNIT_TASK_WORKFLOW_TYPE = 'unitTaskWorkflow';

/** The unit task workflow's signature, so a start by {@link UNIT_TASK_WORKFLOW_TYPE} is typed. */
export type UnitTaskWorkflow = (input: UnitTaskInput) => Promise<UnitTaskResult>;
