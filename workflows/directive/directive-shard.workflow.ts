/**
 * One shard of a directive's fan-out: starts a slice of the unit tasks as children, page by
 * page, marks them active in the read model, and waits for them to end. A reassigned task is
 * replaced by a new child here, so a shard never holds more than its slice in flight. A
 * recurring assignment starts a report series instead, which opens its periods itself: the
 * shard and the directive hear from it once, when it ends.
 */
import {
  CancellationScope,
  ParentClosePolicy,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { TaskStatus } from '@dondoc/domain';
import type { DirectiveActivities } from '@dondoc/activities';
import type { AssignmentRef } from './contract';
import { unitTaskWorkflow } from '../unit-task/unit-task.workflow';
import { unitTaskWorkflowId, type UnitTaskResult } from '../unit-task/contract';
import { reportSeriesWorkflow } from '../report-series/report-series.workflow';
import { reportSeriesWorkflowId, type ReportSeriesResult } from '../report-series/contract';
import { shardReportSignal, type DirectiveShardInput, type DirectiveShardResult, type ShardReport } from './contract';
import { directiveActivities } from '../shared/activities';

const activities = directiveActivities;

/** Reading assignments waits for the API's commit; if it never comes, the shard gives up. */
const { loadAssignments } = proxyActivities<DirectiveActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 20,
  },
});

/**
 * Patch: the shard marks active only the unit tasks it started itself, not a series' first
 * period (whose workflow the series starts later), so no task is listed before it can be acted on.
 */
const SERIES_MARKS_ITS_PERIODS = 'series-marks-its-periods-active';

/** Assignments read and started per round trip: keeps activity results well under payload limits. */
const PAGE_SIZE = 250;

export async function directiveShardWorkflow(input: DirectiveShardInput): Promise<DirectiveShardResult> {
  const result: DirectiveShardResult = { launched: 0, closed: {} };
  const parentId = workflowInfo().parent?.workflowId;
  const parent = parentId !== undefined ? getExternalWorkflowHandle(parentId) : undefined;
  const report = (message: ShardReport): Promise<void> =>
    parent !== undefined
      ? CancellationScope.nonCancellable(() => parent.signal(shardReportSignal, message))
      : Promise.resolve();

  const running = new Set<Promise<void>>();
  let withdrawn = false;

  const start = async (assignments: AssignmentRef[]): Promise<void> => {
    const starts = await Promise.allSettled(
      assignments.map((a) =>
        a.recurrence
          ? startSeries(a, a.recurrence)
          : startChild(unitTaskWorkflow, {
              workflowId: unitTaskWorkflowId(input.directiveId, a.unitId),
              // A task never outlives its directive: closing the shard cancels what is still open.
              parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
              args: [
                {
                  taskId: a.taskId,
                  directiveId: input.directiveId,
                  unitId: a.unitId,
                  role: a.role,
                  dueAt: a.dueAt,
                  originalDueAt: a.originalDueAt,
                  ...input.settings,
                },
              ],
            }),
      ),
    );
    const startedIds: string[] = [];
    const startedTaskIds: string[] = [];
    starts.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') {
        follow(outcome.value);
        const a = assignments[index]!;
        startedIds.push(a.taskId);
        if (!a.recurrence) startedTaskIds.push(a.taskId);
      }
    });
    if (startedIds.length > 0) {
      // One write per page, once its children exist (startChild resolved), so an Update reaches
      // every task it lists. A series' first period is not started yet when the series is: the
      // activity that starts it marks it. Shards from before this rule marked it with the page.
      const activated = patched(SERIES_MARKS_ITS_PERIODS) ? startedTaskIds : startedIds;
      if (activated.length > 0) {
        await CancellationScope.nonCancellable(() =>
          activities.activateTasks({ taskIds: activated, at: new Date().toISOString() }),
        );
      }
      result.launched += startedIds.length;
      await report({ launched: startedIds.length });
    }
    const failed = starts.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  };

  const startSeries = (a: AssignmentRef, recurrence: NonNullable<AssignmentRef['recurrence']>) =>
    startChild(reportSeriesWorkflow, {
      workflowId: reportSeriesWorkflowId(input.directiveId, a.unitId),
      // Withdrawal reaches the series as a cancellation; it cancels its open periods itself.
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      args: [
        {
          directiveId: input.directiveId,
          unitId: a.unitId,
          role: a.role,
          firstTaskId: a.taskId,
          firstDueAt: a.dueAt,
          recurrence,
          settings: input.settings,
        },
      ],
    });

  const follow = (
    handle: ChildWorkflowHandle<typeof unitTaskWorkflow> | ChildWorkflowHandle<typeof reportSeriesWorkflow>,
  ): void => {
    const done: Promise<void> = (handle.result() as Promise<UnitTaskResult | ReportSeriesResult>)
      .then(
        (outcome) => ('opened' in outcome ? onSeriesEnded(outcome) : onClosed(outcome)),
        (error: unknown) => {
          // A child that ended by cancellation still recorded itself as cancelled.
          if (isCancellation(error) || isCancellation((error as { cause?: unknown }).cause))
            return onClosedStatus('cancelled');
          throw error;
        },
      )
      .finally(() => running.delete(done));
    running.add(done);
  };

  const onClosedStatus = (status: TaskStatus): void => {
    result.closed[status] = (result.closed[status] ?? 0) + 1;
  };

  /** A series counts as one task while it runs; its later periods join the counts when it ends. */
  const onSeriesEnded = async (outcome: ReportSeriesResult): Promise<void> => {
    for (const [status, count] of Object.entries(outcome.closed) as [TaskStatus, number][]) {
      result.closed[status] = (result.closed[status] ?? 0) + count;
    }
    const added = Math.max(0, outcome.opened - 1);
    if (added > 0) await report({ added, launched: added });
  };

  const onClosed = async (outcome: UnitTaskResult): Promise<void> => {
    onClosedStatus(outcome.status);
    if (outcome.successor !== null && !withdrawn) {
      await report({ added: 1 });
      try {
        await start([{ ...outcome.successor, originalDueAt: outcome.successor.dueAt }]);
      } catch (error) {
        if (isCancellation(error)) throw error;
        // The API refuses a reassignment to a unit that already has a task here; should two
        // race, the second successor cannot start. That must not fail the other tasks.
        log.error('successor task could not start', {
          taskId: outcome.successor.taskId,
          unitId: outcome.successor.unitId,
          error: String(error),
        });
      }
    }
  };

  try {
    for (let offset = input.offset; offset < input.offset + input.limit; offset += PAGE_SIZE) {
      const limit = Math.min(PAGE_SIZE, input.offset + input.limit - offset);
      const page = await loadAssignments({ directiveId: input.directiveId, offset, limit });
      if (page.length === 0) break;
      await start(page);
    }
    while (running.size > 0) await Promise.race(running);
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // Withdrawn: children receive the cancellation too; wait until each has recorded its end.
    withdrawn = true;
    await CancellationScope.nonCancellable(async () => {
      while (running.size > 0) await Promise.race([...running].map((p) => p.catch(() => undefined)));
    });
  }
  return result;
}
