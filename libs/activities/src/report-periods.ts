/**
 * Starting the task of one period of a periodic report. The task runs as a workflow of its own,
 * not as a child of its series: the series continues as new over the years, and a period task
 * must neither end with the run that opened it nor report to a run that has closed. It tells the
 * series by signal when it ends (`notifyWorkflowId`).
 */
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { unitTaskWorkflowId, type UnitTaskInput } from '@dondoc/workflows/unit-task/contract';
import type { unitTaskWorkflow } from '@dondoc/workflows/unit-task/unit-task.workflow';
import { classifyDatabaseErrors } from './errors';

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
    await workflows.start<typeof unitTaskWorkflow>('unitTaskWorkflow', {
      taskQueue: Context.current().info.taskQueue,
      workflowId: unitTaskWorkflowId(task.directiveId, task.unitId, period),
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [task],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** Builds the activity over the read model and a Temporal client. */
export function createReportPeriodActivities(dataSource: DataSource, workflows: WorkflowClient) {
  return {
    /** Starts one period's task workflow (once) and marks its row active (keeping the first instant). */
    async startPeriodTask(input: StartPeriodTaskInput): Promise<void> {
      await startPeriodTaskWith(workflows, input);
      await classifyDatabaseErrors('startPeriodTask', () =>
        dataSource.query(`UPDATE tasks SET activated_at = now() WHERE id = $1 AND activated_at IS NULL`, [input.task.taskId]),
      );
    },
  };
}
