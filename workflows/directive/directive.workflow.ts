/**
 * A directive: fans out to shard workflows (each holding at most `shardSize` unit tasks),
 * keeps counts as tasks start and end, and handles withdrawal. Once its own tasks are
 * cancelled, a withdrawn directive withdraws the directives implementing it (each through its
 * own workflow, which cascades further); the withdraw Update does not wait for that.
 */
import {
  CancellationScope,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  isCancellation,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import type { TaskStatus } from '@dondoc/domain';
import { conflict } from '../shared/failures';
import { directiveActivities, withdrawImplementingDirectives } from '../shared/activities';
import { directiveShardWorkflow } from './directive-shard.workflow';
import {
  directiveProgressQuery,
  directiveShardWorkflowId,
  shardReportSignal,
  withdrawUpdate,
  type DirectiveInput,
  type DirectiveProgress,
} from './contract';

const activities = directiveActivities;

export async function directiveWorkflow(input: DirectiveInput): Promise<DirectiveProgress> {
  const progress: DirectiveProgress = { total: input.taskCount, launched: 0, closed: {}, withdrawn: false };
  const shardCount = Math.ceil(input.taskCount / input.shardSize);
  // Asserted so that the flow analysis does not pin it to null: the Update handler sets it.
  let withdrawal = null as { actor: string; reason: string | null } | null;
  /** Every started shard has ended: each task is closed or has recorded its cancellation. */
  let fanoutSettled = false;
  const fanout = new CancellationScope();

  /** Tasks whose workflows never started (a successor not yet launched, a fan-out cut short); done once. */
  let unstartedCancelled: Promise<number> | undefined;
  const cancelUnstarted = (actor: string): Promise<number> =>
    (unstartedCancelled ??= CancellationScope.nonCancellable(() =>
      activities.cancelUnstartedTasks({ directiveId: input.directiveId, actor }),
    ));

  setHandler(directiveProgressQuery, () => progress);

  setHandler(shardReportSignal, (report) => {
    progress.launched += report.launched ?? 0;
    progress.total += report.added ?? 0;
  });

  setHandler(
    withdrawUpdate,
    async ({ actor, reason, waitMs }) => {
      progress.withdrawn = true;
      withdrawal = { actor, reason };
      await CancellationScope.nonCancellable(() =>
        activities.markDirectiveWithdrawn({
          directiveId: input.directiveId,
          actor,
          reason,
          at: new Date().toISOString(),
        }),
      );
      fanout.cancel();
      // Answer once every task has recorded its cancellation, so a read after the answer sees it;
      // a very large directive answers earlier, saying the cancellations are still under way.
      const complete = await condition(() => fanoutSettled, Math.max(1, waitMs));
      if (complete) await cancelUnstarted(actor);
      return { progress, complete };
    },
    {
      validator: (_args) => {
        if (progress.withdrawn) throw conflict('the directive is already withdrawn');
      },
    },
  );

  const shardResults: Promise<unknown>[] = [];
  const shardStarts = Array.from({ length: shardCount }, (_, index) =>
    fanout.run(async () => {
      const shard = await startChild(directiveShardWorkflow, {
        workflowId: directiveShardWorkflowId(input.directiveId, index),
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        args: [
          {
            directiveId: input.directiveId,
            shardIndex: index,
            offset: index * input.shardSize,
            limit: input.shardSize,
            settings: input.settings,
          },
        ],
      });
      shardResults.push(
        shard.result().then((ended) => {
          for (const [status, count] of Object.entries(ended.closed) as [TaskStatus, number][]) {
            progress.closed[status] = (progress.closed[status] ?? 0) + count;
          }
        }),
      );
    }),
  );
  try {
    await Promise.all(shardStarts);
    await Promise.all(shardResults);
  } catch (error) {
    if (!isCancellation(error) && !progress.withdrawn) throw error;
  }
  // After a withdrawal, wait until every started shard has seen its tasks record their cancellation.
  await CancellationScope.nonCancellable(async () => {
    await Promise.allSettled(shardStarts);
    await Promise.allSettled(shardResults);
  });
  fanoutSettled = true;
  // A withdrawal whose answer did not wait this long still needs its unstarted tasks cancelled.
  if (withdrawal !== null) await cancelUnstarted(withdrawal.actor);
  // Directives implementing this one go with it, each through its own workflow.
  if (withdrawal !== null) {
    const { actor, reason } = withdrawal;
    await CancellationScope.nonCancellable(() =>
      withdrawImplementingDirectives({ directiveId: input.directiveId, actor, reason }),
    );
  }
  await condition(allHandlersFinished);
  return progress;
}
