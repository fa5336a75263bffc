/**
 * The calendar re-plan's I/O: pages of open tasks due in a window, the amendDeadline Update to
 * each task due on a new day off, and the replaceCalendar Update to each task counting reminders
 * in working days. Safe to retry: a task whose deadline is no longer the one read (moved by the
 * first attempt, or by someone meanwhile) is not moved again, and a calendar given twice is the same.
 */
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowClient } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { OPEN_STATUSES, type CalendarDefinition } from '@dondoc/domain';
import { isWorkflowNotFound } from '@dondoc/temporal';
import { amendDeadlineUpdate, replaceCalendarUpdate, unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import { FailureType } from '@dondoc/workflows/shared/failures';
import { classifyDatabaseErrors } from '../database-errors';

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

/** Input of {@link createReplanTaskActivities}' page read. */
export interface ReplanPageInput {
  from: string;
  to: string;
  after?: { dueAt: string; taskId: string };
  /** Only tasks whose directive's policy counts an offset in working days. */
  workingDayPoliciesOnly?: boolean;
  limit: number;
}

/** Input of the calendar refresh: the page and the calendar as edited. */
export interface ReplaceTaskCalendarsInput {
  tasks: ReplanTask[];
  calendar: CalendarDefinition;
  reason: string;
}

/** Input of the moves: the page, the new deadline, and who and why. */
export interface MoveDeadlinesInput {
  tasks: ReplanTask[];
  newDueAt: string;
  reason: string;
  actor: string;
}

/** Builds the re-plan activities over the read model and a Temporal client. */
export function createReplanTaskActivities(dataSource: DataSource, workflows: WorkflowClient) {
  /** Sends one Update to the task's workflow; a closed task or a refusal by its rules is 'skipped'. */
  const send = async (task: ReplanTask, update: () => Promise<unknown>): Promise<'done' | 'skipped'> => {
    try {
      await workflows.withAbortSignal(Context.current().cancellationSignal, update);
      return 'done';
    } catch (error) {
      // Each failure type describes the request, not the infrastructure: retrying would not help.
      if (
        error instanceof WorkflowUpdateFailedError &&
        error.cause instanceof ApplicationFailure &&
        REFUSALS.has(error.cause.type ?? '')
      )
        return 'skipped';
      if (isWorkflowNotFound(error)) return 'skipped';
      throw error;
    }
  };
  const handleOf = (task: ReplanTask) =>
    workflows.getHandle(unitTaskWorkflowId(task.directiveId, task.unitId, task.period));

  /** Runs `fn` over the tasks, UPDATE_CONCURRENCY at a time, heartbeating the counts. */
  const eachTask = async <K extends string>(
    tasks: ReplanTask[],
    fn: (task: ReplanTask) => Promise<K>,
  ): Promise<Record<K, number>> => {
    const counts = {} as Record<K, number>;
    const queue = [...tasks];
    const worker = async (): Promise<void> => {
      for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
        const outcome = await fn(task);
        counts[outcome] = (counts[outcome] ?? 0) + 1;
        Context.current().heartbeat(counts);
      }
    };
    await Promise.all(Array.from({ length: UPDATE_CONCURRENCY }, worker));
    return counts;
  };

  const moveOne = async (task: ReplanTask, input: MoveDeadlinesInput): Promise<'moved' | 'skipped'> => {
    const current: { due_at: Date }[] = await classifyDatabaseErrors('moveDeadlines', () =>
      dataSource.query(`SELECT due_at FROM tasks WHERE id = $1 AND status = ANY($2)`, [
        task.taskId,
        [...OPEN_STATUSES],
      ]),
    );
    if (current[0]?.due_at.getTime() !== Date.parse(task.dueAt)) return 'skipped';
    const outcome = await send(task, () =>
      handleOf(task).executeUpdate(amendDeadlineUpdate, {
        args: [{ actor: input.actor, dueAt: input.newDueAt, reason: input.reason }],
      }),
    );
    return outcome === 'done' ? 'moved' : 'skipped';
  };

  return {
    /** The next page of open tasks due in [from, to], in (dueAt, id) order after the cursor. */
    async listTasksToReplan(input: ReplanPageInput): Promise<ReplanTask[]> {
      const rows: { id: string; directive_id: string; unit_id: string; period: number | null; due_at: Date }[] =
        await classifyDatabaseErrors('listTasksToReplan', () =>
          dataSource.query(
            `SELECT id, directive_id, unit_id, period, due_at FROM tasks
             WHERE status = ANY($1) AND due_at BETWEEN $2 AND $3 AND ($4::timestamptz IS NULL OR (due_at, id) > ($4, $5::uuid))
               AND (NOT $7 OR directive_id IN (
                 SELECT id FROM directives WHERE reminder_policy @? '$.before[*].workingDays' OR reminder_policy @? '$.escalateAfter.workingDays'))
             ORDER BY due_at, id LIMIT $6`,
            [
              [...OPEN_STATUSES],
              input.from,
              input.to,
              input.after?.dueAt ?? null,
              input.after?.taskId ?? null,
              input.limit,
              input.workingDayPoliciesOnly === true,
            ],
          ),
        );
      return rows.map((r) => ({
        taskId: r.id,
        directiveId: r.directive_id,
        unitId: r.unit_id,
        period: r.period,
        dueAt: r.due_at.toISOString(),
      }));
    },

    /** Sends amendDeadline to each task's workflow, a few at a time; says how many moved. */
    async moveDeadlines(input: MoveDeadlinesInput): Promise<{ moved: number; skipped: number }> {
      const counts = await eachTask(input.tasks, (task) => moveOne(task, input));
      return { moved: counts.moved ?? 0, skipped: counts.skipped ?? 0 };
    },

    /** Gives each task's workflow the calendar as edited, so its working-day reminders follow it. */
    async replaceTaskCalendars(input: ReplaceTaskCalendarsInput): Promise<{ refreshed: number; skipped: number }> {
      const counts = await eachTask(input.tasks, (task) =>
        send(task, () =>
          handleOf(task).executeUpdate(replaceCalendarUpdate, {
            args: [{ calendar: input.calendar, reason: input.reason }],
          }),
        ),
      );
      return { refreshed: counts.done ?? 0, skipped: counts.skipped ?? 0 };
    },
  };
}
