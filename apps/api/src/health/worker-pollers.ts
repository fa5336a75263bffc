import type { WorkflowService } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/**
 * Temporal keeps a poller in DescribeTaskQueue's list for minutes after its worker stopped; a
 * live worker renews its long poll (about a minute) continually. A poller last seen longer ago
 * than this is taken for gone, so a dead worker stops counting within two minutes.
 */
export const POLLER_FRESH_MS = 120_000;

/** Live pollers of one task queue, by the kind of task they take. */
export interface QueuePollers {
  workflow: number;
  activity: number;
}

type Timestamp = { seconds?: number | { toNumber(): number } | null; nanos?: number | null } | null | undefined;

/** Asks Temporal who polls `taskQueue` for workflow and for activity tasks, counting the pollers seen recently. */
export async function describePollers(
  service: WorkflowService,
  namespace: string,
  taskQueue: string,
  now: number,
): Promise<QueuePollers> {
  const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;
  const [workflow, activity] = await Promise.all(
    [TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY].map(async (taskQueueType) => {
      const { pollers } = await service.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType });
      return pollers.filter((poller) => now - millisOf(poller.lastAccessTime) < POLLER_FRESH_MS).length;
    }),
  );
  return { workflow: workflow ?? 0, activity: activity ?? 0 };
}

function millisOf(timestamp: Timestamp): number {
  if (!timestamp) return 0;
  const seconds = typeof timestamp.seconds === 'number' ? timestamp.seconds : (timestamp.seconds?.toNumber() ?? 0);
  return seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6);
}
