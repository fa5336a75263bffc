/**
 * Contract of the directive workflow and its shards. A directive fans out through shard
 * workflows so that no parent keeps more than `shardSize` (≤ 1,000) children in flight.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CalendarDefinition, Recurrence, ReminderPolicy, TaskRole, TaskStatus } from '@dondoc/domain';

/** Default task queue; deployments set TEMPORAL_TASK_QUEUE. */
export const DEFAULT_TASK_QUEUE = 'dondoc';

/** `directive/<directiveId>`: deterministic, so a second start finds the first. */
export function directiveWorkflowId(directiveId: string): string {
  return `directive/${directiveId}`;
}

/** Inverse of {@link directiveWorkflowId}. */
export function directiveIdFromWorkflowId(workflowId: string): string | undefined {
  const match = /^directive\/([^/]+)$/.exec(workflowId);
  return match?.[1];
}

/** `directive/<id>/withdrawal`: the withdrawal of a directive whose own workflow has ended; at most one. */
export function closedDirectiveWithdrawalWorkflowId(directiveId: string): string {
  return `directive/${directiveId}/withdrawal`;
}

/** `directive/<directiveId>/shard/<index>`. */
export function directiveShardWorkflowId(directiveId: string, shardIndex: number): string {
  return `directive/${directiveId}/shard/${shardIndex}`;
}

/** What a directive starts from; its assignments are read from PostgreSQL page by page. */
export interface DirectiveInput {
  directiveId: string;
  taskCount: number;
  shardSize: number;
  settings: DirectiveSettings;
}

/** One shard's slice of the directive's initial assignments. */
export interface DirectiveShardInput {
  directiveId: string;
  shardIndex: number;
  offset: number;
  limit: number;
  settings: DirectiveSettings;
}

/**
 * Counts a directive keeps: tasks launched as shards start them, closed counts as each shard
 * ends (a shard reports them once, in its result, so the directive's history stays bounded).
 * PostgreSQL has the live per-status counts.
 */
export interface DirectiveProgress {
  total: number;
  launched: number;
  closed: Partial<Record<TaskStatus, number>>;
  withdrawn: boolean;
}

/** How a shard ended. */
export interface DirectiveShardResult {
  launched: number;
  closed: Partial<Record<TaskStatus, number>>;
}

export interface WithdrawArgs {
  actor: string;
  reason: string | null;
  /** Longest the Update waits for every task to record its cancellation before answering. */
  waitMs: number;
}

/** What a withdrawal answers: the counts, and whether every open task is already cancelled. */
/** Withdrawal of a directive whose workflow has ended; `at` is when the API accepted it. */
export interface WithdrawClosedArgs {
  directiveId: string;
  actor: string;
  reason: string | null;
  at: string;
}

export interface WithdrawResult {
  progress: DirectiveProgress;
  complete: boolean;
}

/**
 * Shards tell their directive when they launch a page of tasks or add one by reassignment:
 * a few signals per shard, never one per task.
 */
export interface ShardReport {
  launched?: number;
  /** A reassignment adds one task to the directive. */
  added?: number;
}

export const withdrawUpdate = defineUpdate<WithdrawResult, [WithdrawArgs]>('withdraw');
export const directiveProgressQuery = defineQuery<DirectiveProgress>('progress');
export const shardReportSignal = defineSignal<[ShardReport]>('shardReport');

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

/** Settings shared by every task of a directive. */
export interface DirectiveSettings {
  issuerUnitId: string;
  coordinatingUnitId: string;
  reviewRequired: boolean;
  reminderPolicy: ReminderPolicy;
  /** The stored calendar, for a policy with offsets in working days or a periodic report's deadlines (see the unit task's input). */
  calendar?: CalendarDefinition;
}
