/**
 * Shapes that cross from workflows into activities. Plain data only (it is serialised into
 * Temporal history), times as ISO strings.
 */
import type { CalendarDefinition, Recurrence, ReminderPolicy, TaskRole, TaskStatus } from '@dondoc/domain';

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
}

/** A notice to write, addressed to a unit. */
export interface NotificationDraft {
  recipientUnitId: string;
  kind: 'reminder' | 'overdue' | 'escalation';
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
      resolution: { action: 'extend' | 'reassign' | 'waive' | 'remind'; note: string | null; dueAt?: string; toUnitId?: string };
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
  action: string;
  fromStatus: TaskStatus | null;
  toStatus: TaskStatus;
  occurredAt: string;
  patch: TaskPatch;
  data: Record<string, unknown>;
  notifications?: NotificationDraft[];
  escalation?: EscalationChange;
  extensionRequest?: ExtensionRequestChange;
  successor?: SuccessorTask;
}

/** What a shard needs to start one unit task, or the report series of a recurring assignment. */
export interface AssignmentRef {
  taskId: string;
  unitId: string;
  role: TaskRole;
  dueAt: string;
  originalDueAt: string;
  /** Set on a periodic report: `taskId` is then its period 0. */
  recurrence?: Recurrence | null;
}

/** Opens one period of a periodic report: its task row, copied from period 0 with its own deadline. */
export interface OpenReportPeriodInput {
  directiveId: string;
  unitId: string;
  period: number;
  dueAt: string;
  /** Id for the new row, chosen by the workflow; a retry finds the row already there and keeps it. */
  taskId: string;
}

/** The task of the period just opened; null when the directive is withdrawn and no period may open. */
export type OpenReportPeriodResult = { taskId: string } | null;

/** Settings shared by every task of a directive. */
export interface DirectiveSettings {
  issuerUnitId: string;
  coordinatingUnitId: string;
  reviewRequired: boolean;
  reminderPolicy: ReminderPolicy;
  /** The stored calendar, for a policy with offsets in working days or a periodic report's deadlines (see the unit task's input). */
  calendar?: CalendarDefinition;
}
