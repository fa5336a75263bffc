/**
 * Baseline for the fan-out benchmark: the same two-level shape as a directive (parent →
 * shards of at most `shardSize` → children), with children that do nothing. What Dondoc adds
 * on top (reading assignments, projections, timers) is the difference between the two runs.
 */
import { ParentClosePolicy, executeChild } from '@temporalio/workflow';

/** A child that does nothing. */
export async function bareChildWorkflow(): Promise<void> {
  return;
}

/** Starts `count` bare children and waits for them. */
export async function bareShardWorkflow(prefix: string, count: number): Promise<number> {
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      executeChild(bareChildWorkflow, { workflowId: `${prefix}/${i}`, parentClosePolicy: ParentClosePolicy.ABANDON }),
    ),
  );
  return count;
}

/** Fans out `total` bare children through shards of `shardSize`. */
export async function bareFanoutWorkflow(runId: string, total: number, shardSize: number): Promise<number> {
  const shards = Math.ceil(total / shardSize);
  const counts = await Promise.all(
    Array.from({ length: shards }, (_, s) =>
      executeChild(bareShardWorkflow, {
        workflowId: `bench/${runId}/shard/${s}`,
        args: [`bench/${runId}/shard/${s}/child`, Math.min(shardSize, total - s * shardSize)],
      }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}
