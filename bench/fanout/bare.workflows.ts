/**
 * Baseline for the fan-out benchmark: the same two-level shape as a directive (parent →
 * shards of at most `shardSize` → children), with children that do nothing. A shard is done
 * when all its children have started — the same finish line as Dondoc's, where a task counts
 * once its workflow has started. What Dondoc adds on top (reading assignments, marking tasks
 * active, planning timers) is the difference between the two runs.
 */
import { ParentClosePolicy, executeChild, startChild } from '@temporalio/workflow';

/** A child that does nothing. */
export async function bareChildWorkflow(): Promise<void> {
  return;
}

/** Starts `count` bare children; they finish on their own. */
export async function bareShardWorkflow(prefix: string, count: number): Promise<number> {
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      startChild(bareChildWorkflow, { workflowId: `${prefix}/${i}`, parentClosePolicy: ParentClosePolicy.ABANDON }),
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
