/**
 * The calendar re-plan's I/O: pages of open tasks due on a day that became a day off, and the
 * amendDeadline Update to each task's workflow. Safe to retry: a task whose deadline is no longer
 * the one read (moved by the first attempt, or by someone meanwhile) is skipped.
 */
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowClient } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { OPEN_STATUSES } from '@dondoc/domain';
import { isWorkflowNotFound } from '@dondoc/temporal';
import { amendDeadlineUpdate, unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import { FailureType } from '@dondoc/workflows/shared/failures';
import { classifyDatabaseErrors } from './errors';

/** Updates one activity has in flight at once: enough to be quick, few enough not to flood Temporal. */
const UPDATE_CONCURRENCY = 8;

const REFUSALS: ReadonlySet<string> = new Set(Object.values(FailureType));

/** An open task due on the day, as the re-plan reads it. */
export interface ReplanTask {
  taskId: string;
  directiveId: string;
  unitId: string;
  period: number | null;
  dueAt: string;
}

/** Input of {@link createCalendarReplanActivities}' page read. */
export interface ReplanPageInput {
  from: string;
  to: string;
  after?: { dueAt: string; taskId: string };
  limit: number;
}

/** Input of the moves: the page, the new deadline, and who and why. */
export interface MoveDeadlinesInput {
  tasks: ReplanTask[];
  newDueAt: string;
  reason: string;
  actor: string;
}

/** Builds the re-plan activities over the read model and a Temporal client. */
export function createCalendarReplanActivities(dataSource: DataSource, workflows: WorkflowClient) {
  const moveOne = async (task: ReplanTask, input: MoveDeadlinesInput): Promise<'moved' | 'skipped'> => {
    const current: { due_at: Date }[] = await classifyDatabaseErrors('moveDeadlines', () =>
      dataSource.query(`SELECT due_at FROM tasks WHERE id = $1 AND status = ANY($2)`, [task.taskId, [...OPEN_STATUSES]]),
    );
    if (current[0]?.due_at.getTime() !== Date.parse(task.dueAt)) return 'skipped';
    try {
      await workflows.withAbortSignal(Context.current().cancellationSignal, () =>
        workflows
          .getHandle(unitTaskWorkflowId(task.directiveId, task.unitId, task.period))
          .executeUpdate(amendDeadlineUpdate, { args: [{ actor: input.actor, dueAt: input.newDueAt, reason: input.reason }] }),
      );
      return 'moved';
    } catch (error) {
      // Closed, or refused by the task's own rules (each failure type describes the request): nothing to move.
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && REFUSALS.has(error.cause.type ?? '')) return 'skipped';
      if (isWorkflowNotFound(error)) return 'skipped';
      throw error;
    }
  };

  return {
    /** The next page of open tasks due in [from, to], in (dueAt, id) order after the cursor. */
    async listTasksToReplan(input: ReplanPageInput): Promise<ReplanTask[]> {
      const rows: { id: string; directive_id: string; unit_id: string; period: number | null; due_at: Date }[] = await classifyDatabaseErrors(
        'listTasksToReplan',
        () =>
          dataSource.query(
            `SELECT id, directive_id, unit_id, period, due_at FROM tasks
             WHERE status = ANY($1) AND due_at BETWEEN $2 AND $3 AND ($4::timestamptz IS NULL OR (due_at, id) > ($4, $5::uuid))
             ORDER BY due_at, id LIMIT $6`,
            [[...OPEN_STATUSES], input.from, input.to, input.after?.dueAt ?? null, input.after?.taskId ?? null, input.limit],
          ),
      );
      return rows.map((r) => ({ taskId: r.id, directiveId: r.directive_id, unitId: r.unit_id, period: r.period, dueAt: r.due_at.toISOString() }));
    },

    /** Sends amendDeadline to each task's workflow, a few at a time; says how many moved. */
    async moveDeadlines(input: MoveDeadlinesInput): Promise<{ moved: number; skipped: number }> {
      const result = { moved: 0, skipped: 0 };
      const queue = [...input.tasks];
      const worker = async (): Promise<void> => {
        for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
          result[await moveOne(task, input)] += 1;
          Context.current().heartbeat(result);
        }
      };
      await Promise.all(Array.from({ length: UPDATE_CONCURRENCY }, worker));
      return result;
    },
  };
}
