/**
 * Opening one period of a periodic report: its task row (a copy of period 0 with its own
 * deadline), then its task workflow. The task runs as a workflow of its own,
 * not as a child of its series: the series continues as new over the years, and a period task
 * must neither end with the run that opened it nor report to a run that has closed. It tells the
 * series by signal when it ends (`notifyWorkflowId`).
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { appendAuditRecord } from '@dondoc/audit';
import { writeAssignedEvents } from '../delivery/lifecycle-events';
import type { OpenReportPeriodInput, OpenReportPeriodResult } from '@dondoc/workflows/report-series/contract';
import {
  UNIT_TASK_WORKFLOW_TYPE,
  unitTaskWorkflowId,
  type UnitTaskInput,
  type UnitTaskWorkflow,
} from '@dondoc/workflows/unit-task/contract';
import { classifyDatabaseErrors } from '../database-errors';

/** Input of {@link startPeriodTaskWith}: the unit task to start, and its period. */
export interface StartPeriodTaskInput {
  task: UnitTaskInput;
  period: number;
}

/**
 * Starts the period's unit-task workflow on the caller's task queue and marks its row active.
 * Idempotent: the workflow id is the period's, and an id used before (running or closed) is
 * never started again, so a retried activity cannot run a period twice.
 */
export async function startPeriodTaskWith(workflows: WorkflowClient, input: StartPeriodTaskInput): Promise<void> {
  const { task, period } = input;
  try {
    await workflows.start<UnitTaskWorkflow>(UNIT_TASK_WORKFLOW_TYPE, {
      taskQueue: Context.current().info.taskQueue,
      workflowId: unitTaskWorkflowId(task.directiveId, task.unitId, period),
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [task],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** Builds the period activities over the read model and a Temporal client. */
export function createReportPeriodActivities(dataSource: DataSource, workflows: WorkflowClient, publicUrl: string) {
  return {
    /**
     * Opens one period of a periodic report: inserts its task (a copy of period 0 with its own
     * deadline), unless the directive is withdrawn. Idempotent: a retry, or a replayed workflow,
     * finds the period's row already there and answers its id.
     */
    async openReportPeriod(input: OpenReportPeriodInput): Promise<OpenReportPeriodResult> {
      return classifyDatabaseErrors('openReportPeriod', () =>
        dataSource.transaction(async (db) => {
          const active: unknown[] = await db.query(
            `SELECT 1 FROM directives WHERE id = $1 AND status = 'active' FOR SHARE`,
            [input.directiveId],
          );
          if (active.length === 0) return null;
          const inserted: { id: string }[] = await db.query(
            `INSERT INTO tasks (id, directive_id, unit_id, role, instructions, due_at, original_due_at, status, period, recurrence)
             SELECT $1, directive_id, unit_id, role, instructions, $4, $4, 'assigned', $5, recurrence
             FROM tasks WHERE directive_id = $2 AND unit_id = $3 AND period = 0
             ON CONFLICT DO NOTHING RETURNING id`,
            [input.taskId, input.directiveId, input.unitId, input.dueAt, input.period],
          );
          // Recorded once: a retry inserts nothing.
          if (inserted.length > 0) {
            await appendAuditRecord(db, {
              actor: 'system',
              unitId: null,
              action: 'task.open_period',
              targetType: 'task',
              targetId: input.taskId,
              before: null,
              after: { unitId: input.unitId, period: input.period, dueAt: input.dueAt, status: 'assigned' },
              requestId: null,
            });
          }
          const rows: { id: string }[] = await db.query(
            `SELECT id FROM tasks WHERE directive_id = $1 AND unit_id = $2 AND period = $3`,
            [input.directiveId, input.unitId, input.period],
          );
          const row = rows[0];
          if (row === undefined)
            throw ApplicationFailure.nonRetryable(
              `unit ${input.unitId} has no periodic report in directive ${input.directiveId}`,
              'NOT_FOUND',
            );
          return { taskId: row.id };
        }),
      );
    },

    /**
     * Starts one period's task workflow (once) and marks its row active (keeping the first
     * instant), writing its `task.assigned` in the same transaction.
     */
    async startPeriodTask(input: StartPeriodTaskInput): Promise<void> {
      await startPeriodTaskWith(workflows, input);
      await classifyDatabaseErrors('startPeriodTask', () =>
        dataSource.transaction(async (db) => {
          await db.query(`UPDATE tasks SET activated_at = now() WHERE id = $1 AND activated_at IS NULL`, [
            input.task.taskId,
          ]);
          await writeAssignedEvents(db, [input.task.taskId], new Date().toISOString(), publicUrl);
        }),
      );
    },
  };
}
