/**
 * Fan-out above the per-parent cap: a directive starts shards of at most `shardSize` tasks
 * each, and every assignment becomes exactly one running unit task.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { directiveProgressQuery, directiveShardWorkflowId } from '@dondoc/workflows/directive/contract';
import { unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import { aDirective } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { useTestbed } from '../support/testbed';

const testbed = useTestbed();

const TASK_COUNT = 2_500;
const SHARD_SIZE = 1_000;

/** Workflow ids of the children a workflow asked to start, from its history. */
async function startedChildren(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const id = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
    return typeof id === 'string' ? [id] : [];
  });
}

describe('directive fan-out', () => {
  it(`starts ${TASK_COUNT} tasks through shards of at most ${SHARD_SIZE}, each task exactly once`, async () => {
    const fake = new FakeDondocActivities();
    const { input, assignments } = aDirective()
      .from(await testbed.now())
      .dueIn('30 days')
      .withTasks(TASK_COUNT)
      .shardSize(SHARD_SIZE)
      .build();
    fake.seedDirective(input.directiveId, assignments);

    await testbed.withWorker(
      fake,
      async ({ client, startDirective }) => {
        const directive = await startDirective(input);
        await eventually(
          async () => expect((await directive.query(directiveProgressQuery)).launched).toBe(TASK_COUNT),
          { timeoutMs: 90_000, intervalMs: 250 },
        );
        expect(await directive.query(directiveProgressQuery)).toEqual({
          total: TASK_COUNT,
          launched: TASK_COUNT,
          closed: {},
          withdrawn: false,
        });

        const shardIds = [0, 1, 2].map((i) => directiveShardWorkflowId(input.directiveId, i));
        expect(shardIds).toEqual([0, 1, 2].map((i) => `directive/${input.directiveId}/shard/${i}`));
        expect(await startedChildren(directive)).toEqual(shardIds);

        // Every task activated exactly once, and by the shard that holds its slice.
        const activations = fake.callsOf('activateTasks');
        const activated = activations.flatMap((c) => c.input.taskIds);
        expect(activated).toHaveLength(TASK_COUNT);
        expect(new Set(activated)).toEqual(new Set(assignments.map((a) => a.taskId)));
        const perShard = new Map<string | undefined, number>();
        for (const c of activations) perShard.set(c.caller, (perShard.get(c.caller) ?? 0) + c.input.taskIds.length);
        expect(Object.fromEntries(perShard)).toEqual({
          [shardIds[0]!]: 1_000,
          [shardIds[1]!]: 1_000,
          [shardIds[2]!]: 500,
        });

        // No shard asked for more children than its size, and each child is a unit task of its slice.
        const byUnit = [...assignments].sort((a, b) => a.unitId.localeCompare(b.unitId));
        for (const [index, shardId] of shardIds.entries()) {
          const children = await startedChildren(client.workflow.getHandle(shardId));
          expect(children.length).toBeLessThanOrEqual(SHARD_SIZE);
          const slice = byUnit.slice(index * SHARD_SIZE, (index + 1) * SHARD_SIZE);
          expect(children).toEqual(slice.map((a) => unitTaskWorkflowId(input.directiveId, a.unitId)));
        }
        // Pages are read in order and never past the end of the shard's slice.
        expect(fake.callsOf('loadAssignments').map((c) => [c.caller, c.input.offset, c.input.limit])).toEqual(
          expect.arrayContaining([
            [shardIds[0], 0, 250],
            [shardIds[0], 750, 250],
            [shardIds[2], 2_000, 250],
            [shardIds[2], 2_250, 250],
          ]),
        );
      },
      { maxConcurrentWorkflowTaskExecutions: 100, maxConcurrentActivityTaskExecutions: 100 },
    );
  });
});
