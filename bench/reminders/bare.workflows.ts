/**
 * Baselines for the reminder and withdrawal benchmarks, on the same Temporal server as Dondoc:
 *   - a bare timer: sleeps until one shared instant, then writes one row through one activity —
 *     the least a reminder can cost (one timer, one workflow task, one activity, one insert);
 *   - bare children that wait for nothing but their cancellation, started through the same
 *     parent → shards → children shape as a directive, so cancelling the parent cancels them the
 *     way a withdrawal cancels tasks, without writing anything.
 */
import {
  CancellationScope,
  ParentClosePolicy,
  condition,
  defineQuery,
  executeChild,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { BareActivities } from './bare.activities';

const { writeTimerRow } = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });

/** Sleeps until `at` (epoch ms), then writes its row: `firedAt` is the workflow's own clock then. */
export async function bareTimerWorkflow(id: string, at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await sleep(wait);
  await writeTimerRow({ id, scheduledAt: at });
}

/** A child that waits until it is cancelled. */
export async function bareWaitingChildWorkflow(): Promise<void> {
  await condition(() => false);
}

/** How many of a shard's children have started: the benchmark cancels once all have. */
export const startedQuery = defineQuery<number>('started');

/** Starts `count` waiting children and waits until every one has ended (after a cancellation). */
export async function bareCancelShardWorkflow(prefix: string, count: number): Promise<number> {
  let started = 0;
  setHandler(startedQuery, () => started);
  const children: ChildWorkflowHandle<typeof bareWaitingChildWorkflow>[] = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const child = await startChild(bareWaitingChildWorkflow, {
        workflowId: `${prefix}/${i}`,
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      });
      started += 1;
      return child;
    }),
  );
  const results = children.map((child) => child.result());
  try {
    await Promise.all(results);
  } catch (error) {
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(() => Promise.allSettled(results));
  }
  return count;
}

/** Fans out `total` waiting children through shards of `shardSize`; ends once all have ended. */
export async function bareCancelFanoutWorkflow(runId: string, total: number, shardSize: number): Promise<number> {
  const shards = Math.ceil(total / shardSize);
  const results = Array.from({ length: shards }, (_, s) =>
    executeChild(bareCancelShardWorkflow, {
      workflowId: `bench/${runId}/shard/${s}`,
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      args: [`bench/${runId}/shard/${s}/child`, Math.min(shardSize, total - s * shardSize)],
    }),
  );
  try {
    await Promise.all(results);
  } catch (error) {
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(() => Promise.allSettled(results));
  }
  return total;
}
