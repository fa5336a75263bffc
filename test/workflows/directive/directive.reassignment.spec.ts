/**
 * Reassignment inside a directive: the shard that held the task starts its successor, and the
 * directive's counts grow by one.
 */
import { randomUUID } from 'node:crypto';
import { directiveProgressQuery, directiveShardWorkflowId } from '@dondoc/workflows/directive/contract';
import { resolveEscalationUpdate, taskStateQuery, unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import type { unitTaskWorkflow } from '@dondoc/workflows/unit-task/unit-task.workflow';
import { aDirective } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { useTestbed, type WorkerScope } from '../support/testbed';
import { iso, ms, nextWholeMinute } from '../support/time';

const testbed = useTestbed();

const SUPERVISOR = 'pho-chanh-van-phong';

/** Starts a directive of `count` tasks due in 3 days and runs it until every task has escalated. */
async function escalatedDirective(fake: FakeDondocActivities, { client, startDirective }: WorkerScope, count: number) {
  const { input, assignments } = aDirective()
    .from(nextWholeMinute(await testbed.now()))
    .dueIn('3 days')
    .withTasks(count)
    .build();
  fake.seedDirective(input.directiveId, assignments);
  const directive = await startDirective(input);
  await eventually(async () => expect((await directive.query(directiveProgressQuery)).launched).toBe(count));
  await testbed.skipTo(Date.parse(assignments[0]!.dueAt) + ms('1 day') + ms('1 second'));
  await eventually(() => expect(fake.allChanges().filter((c) => c.action === 'escalate')).toHaveLength(count));
  const task = (unitId: string) =>
    client.workflow.getHandle<typeof unitTaskWorkflow>(unitTaskWorkflowId(input.directiveId, unitId));
  return { input, assignments: [...assignments].sort((a, b) => a.unitId.localeCompare(b.unitId)), directive, task };
}

describe('directive reassignment', () => {
  it('replaces a reassigned task with a task for the new unit, started by the same shard', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async (scope) => {
      const { input, assignments, directive, task } = await escalatedDirective(fake, scope, 2);
      const [moved] = assignments;
      const successorTaskId = randomUUID();
      const newDue = nextWholeMinute(await testbed.now()) + ms('5 days');
      const { openEscalationId } = await task(moved!.unitId).query(taskStateQuery);

      await task(moved!.unitId).executeUpdate(resolveEscalationUpdate, {
        args: [
          {
            actor: SUPERVISOR,
            escalationId: openEscalationId!,
            action: 'reassign',
            toUnitId: 'so-xay-dung',
            successorTaskId,
            dueAt: iso(newDue),
            note: null,
          },
        ],
      });

      await eventually(async () =>
        // Closed counts reach the directive when a shard ends; launches and additions at once.
        expect(await directive.query(directiveProgressQuery)).toEqual({
          total: 3,
          launched: 3,
          closed: {},
          withdrawn: false,
        }),
      );
      const successor = task('so-xay-dung');
      expect(await successor.query(taskStateQuery)).toMatchObject({
        taskId: successorTaskId,
        status: 'assigned',
        dueAt: iso(newDue),
      });
      expect((await successor.describe()).raw.workflowExecutionInfo?.parentExecution?.workflowId).toBe(
        directiveShardWorkflowId(input.directiveId, 0),
      );
      expect(fake.callsOf('activateTasks').at(-1)?.input.taskIds).toEqual([successorTaskId]);
    });
  });

  it('reassigning to a unit that already holds an open task in the directive leaves the directive and its other tasks running', async () => {
    // The API refuses a reassignment to a unit that already has a task in the directive; should
    // two reassignments race past that check, the shard cannot start the second successor
    // (its workflow id task/<directive>/<unit> is taken). That must not fail the shard, the
    // directive, or any other task.
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async (scope) => {
      const { input, assignments, directive, task } = await escalatedDirective(fake, scope, 3);
      const [moved, alreadyThere, bystander] = assignments;
      const { openEscalationId } = await task(moved!.unitId).query(taskStateQuery);
      const newDue = nextWholeMinute(await testbed.now()) + ms('5 days');
      const reassign = {
        actor: SUPERVISOR,
        escalationId: openEscalationId!,
        action: 'reassign' as const,
        toUnitId: alreadyThere!.unitId,
        successorTaskId: randomUUID(),
        dueAt: iso(newDue),
        note: null,
      };

      // Refusing the reassignment would be a fine answer too; what must not happen is below.
      await task(moved!.unitId)
        .executeUpdate(resolveEscalationUpdate, { args: [reassign] })
        .catch(() => undefined);
      // Wait until the shard has tried to start the successor and been refused.
      const shard = scope.client.workflow.getHandle(directiveShardWorkflowId(input.directiveId, 0));
      await eventually(async () => {
        const history = await shard.fetchHistory();
        expect(history.events?.some((event) => event.startChildWorkflowExecutionFailedEventAttributes)).toBe(true);
      });

      const statuses = {
        directive: (await directive.describe()).status.name,
        [alreadyThere!.unitId]: (await task(alreadyThere!.unitId).describe()).status.name,
        [bystander!.unitId]: (await task(bystander!.unitId).describe()).status.name,
      };
      expect(statuses).toEqual({
        directive: 'RUNNING',
        [alreadyThere!.unitId]: 'RUNNING',
        [bystander!.unitId]: 'RUNNING',
      });
      expect(fake.changesOf(bystander!.taskId).map((c) => c.action)).not.toContain('cancel');
    });
  });
});
