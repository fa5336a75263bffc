/**
 * The wire shape of a task's change: what the unit task workflow decides and the projection
 * activity writes in one transaction (task row, event, notices, escalation and extension rows,
 * audit record). Plain data only (it is serialised into Temporal history), times as ISO strings.
 * It sits with the workflow's contract so that activities depend on contracts, never the reverse.
 */
import type { EscalationAction, NoticeKind, TaskEventAction, TaskRole, TaskStatus } from '@dondoc/domain';

/** Columns of the task read model a change may set. */
export interface TaskPatch {
  dueAt?: string;
  progressPercent?: number;
  progressNote?: string | null;
  report?: string | null;
  returnReason?: string | null;
  escalated?: boolean;
  acknowledgedAt?: string;
  submittedAt?: string;
  completedAt?: string;
  closedAt?: string;
  reassignedToTaskId?: string;
  /** The person handling the task from now (null: nobody). */
  assignee?: string | null;
}

/** A notice to write, addressed to a unit. */
export interface NotificationDraft {
  recipientUnitId: string;
  kind: NoticeKind;
  message: string;
  scheduledFor: string;
}

/** Escalation rows a change opens, passes up a level, resolves or closes. */
export type EscalationChange =
  | { op: 'open'; escalationId: string; coordinatingUnitId: string; unitId: string }
  | { op: 'climb'; escalationId: string; level: number; coordinatingUnitId: string }
  | {
      op: 'resolve';
      escalationId: string;
      resolution: { action: EscalationAction; note: string | null; dueAt?: string; toUnitId?: string };
    }
  | { op: 'close'; escalationId: string };

/** One body of an escalation chain and how long an escalation may wait there before it climbs. */
export interface EscalationLevel {
  unitId: string;
  /** ISO-8601 duration. */
  grace: string;
}

/** Extension-request rows a change creates or decides. */
export type ExtensionRequestChange =
  | { op: 'create'; requestId: string; requestedDueAt: string; reason: string }
  | { op: 'decide'; requestId: string; approved: boolean; reason: string | null };

/** A task created by reassignment, inserted in the same transaction that closes the old one. */
export interface SuccessorTask {
  taskId: string;
  unitId: string;
  role: TaskRole;
  dueAt: string;
}

/**
 * One change of one task, decided by its workflow. `sequence` numbers the task's changes;
 * it makes the write idempotent (event id, notification ids) and orders projection updates.
 */
export interface TaskChange {
  taskId: string;
  directiveId: string;
  sequence: number;
  actor: string;
  /** The acting person's unit and HTTP request (null for the engine), for the audit trail. */
  actorUnitId?: string | null;
  httpRequestId?: string | null;
  action: TaskEventAction;
  fromStatus: TaskStatus | null;
  toStatus: TaskStatus;
  occurredAt: string;
  patch: TaskPatch;
  data: Record<string, unknown>;
  notifications?: NotificationDraft[];
  escalation?: EscalationChange;
  extensionRequest?: ExtensionRequestChange;
  successor?: SuccessorTask;
  /** Attachments a submission names: the projection freezes them in the change's transaction. */
  frozenAttachmentIds?: string[];
}
