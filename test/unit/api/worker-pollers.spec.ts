/** Whether a worker polls the task queue, as `/health/ready` asks Temporal's DescribeTaskQueue. */
import type { WorkflowService } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { POLLER_FRESH_MS, describePollers } from '../../../apps/api/src/health/worker-pollers';

const NOW = Date.parse('2026-12-06T08:00:00Z');
const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;

function seenAgo(ms: number): { lastAccessTime: { seconds: number; nanos: number } } {
  const at = NOW - ms;
  return { lastAccessTime: { seconds: Math.floor(at / 1000), nanos: (at % 1000) * 1e6 } };
}

/** A WorkflowService answering DescribeTaskQueue with the pollers given per task type, recording the requests. */
function serviceWith(pollers: Map<number, object[]>): { service: WorkflowService; requests: object[] } {
  const requests: object[] = [];
  const service = {
    describeTaskQueue: (request: { taskQueueType: number }) => {
      requests.push(request);
      return Promise.resolve({ pollers: pollers.get(request.taskQueueType) ?? [] });
    },
  } as unknown as WorkflowService;
  return { service, requests };
}

describe('worker pollers', () => {
  it('counts the workflow and activity pollers seen recently on the queue asked about', async () => {
    const { service, requests } = serviceWith(
      new Map([
        [TASK_QUEUE_TYPE_WORKFLOW, [seenAgo(1_000), seenAgo(30_000)]],
        [TASK_QUEUE_TYPE_ACTIVITY, [seenAgo(5_000)]],
      ]),
    );
    await expect(describePollers(service, 'default', 'dondoc', NOW)).resolves.toEqual({ workflow: 2, activity: 1 });
    expect(requests).toEqual([
      { namespace: 'default', taskQueue: { name: 'dondoc' }, taskQueueType: TASK_QUEUE_TYPE_WORKFLOW },
      { namespace: 'default', taskQueue: { name: 'dondoc' }, taskQueueType: TASK_QUEUE_TYPE_ACTIVITY },
    ]);
  });

  it('no longer counts a worker that stopped polling, though Temporal still lists it', async () => {
    const { service } = serviceWith(
      new Map([
        [TASK_QUEUE_TYPE_WORKFLOW, [seenAgo(POLLER_FRESH_MS + 1_000)]],
        [TASK_QUEUE_TYPE_ACTIVITY, [seenAgo(POLLER_FRESH_MS + 1_000), {}]],
      ]),
    );
    await expect(describePollers(service, 'default', 'dondoc', NOW)).resolves.toEqual({ workflow: 0, activity: 0 });
  });
});
