/**
 * A task is listed once its row is marked active, so the mark must follow its workflow's start:
 * a shard marks each page of unit tasks in one write once their children exist, and a report
 * series' first period only once the series has started that period's own workflow.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { AssignmentRef } from '@dondoc/workflows/directive/contract';
import { directiveProgressQuery, directiveShardWorkflowId } from '@dondoc/workflows/directive/contract';
import { unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import { aDirective } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { useTestbed } from '../support/testbed';
import { iso, ms } from '../support/time';

const testbed = useTestbed();

/** Whether a workflow with this id exists (running or not). */
async function exists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/**
 * The fake, but each activation first looks up the workflow of every task it marks, as an
 * officer's Update would reach it at that moment.
 */
class CheckingActivities extends FakeDondocActivities {
  readonly missingAtActivation: string[] = [];
  private client: Client | undefined;
  private readonly workflowIds = new Map<string, string>();

  watch(client: Client, directiveId: string, assignments: AssignmentRef[]): void {
    this.client = client;
    for (const a of assignments)
      this.workflowIds.set(a.taskId, unitTaskWorkflowId(directiveId, a.unitId, a.recurrence ? 0 : null));
  }

  override async activateTasks(input: { taskIds: string[]; at: string }): Promise<void> {
    const client = this.client!;
    for (const taskId of input.taskIds) {
      const workflowId = this.workflowIds.get(taskId)!;
      if (!(await exists(client, workflowId))) this.missingAtActivation.push(workflowId);
    }
    await super.activateTasks(input);
  }
}

describe('directive fan-out: a task is marked active once its workflow exists', () => {
  it('marks each page of a shard in one write, after every child of the page has started', async () => {
    const fake = new CheckingActivities();
    const { input, assignments } = aDirective()
      .from(await testbed.now())
      .dueIn('30 days')
      .withTasks(600)
      .shardSize(600)
      .build();
    fake.seedDirective(input.directiveId, assignments);
    fake.watch(testbed.client, input.directiveId, assignments);

    await testbed.withWorker(
      fake,
      async ({ startDirective }) => {
        const directive = await startDirective(input);
        await eventually(async () => expect((await directive.query(directiveProgressQuery)).launched).toBe(600), {
          timeoutMs: 90_000,
          intervalMs: 250,
        });
        await eventually(
          () => expect(fake.tasksOf(input.directiveId).filter((t) => t.activatedAt === null)).toEqual([]),
          { timeoutMs: 30_000 },
        );
      },
      { maxConcurrentWorkflowTaskExecutions: 100, maxConcurrentActivityTaskExecutions: 100 },
    );

    // One write per page of 250, not one per task.
    expect(fake.callsOf('activateTasks').map((c) => c.input.taskIds.length)).toEqual([250, 250, 100]);
    expect(fake.missingAtActivation).toEqual([]);
  });

  it("leaves a report series' first period unmarked until the series has started its workflow, then marks it", async () => {
    const fake = new CheckingActivities();
    const now = await testbed.now();
    const { input, assignments } = aDirective().from(now).dueIn('30 days').withTasks(2).build();
    const due = iso(now + ms('30 days'));
    const series: AssignmentRef = {
      taskId: randomUUID(),
      unitId: 'unit-series',
      role: 'lead',
      dueAt: due,
      originalDueAt: due,
      recurrence: { every: 'P1M', until: '2099-12-31' },
    };
    const all = [...assignments, series];
    fake.seedDirective(input.directiveId, all);
    fake.watch(testbed.client, input.directiveId, all);
    const periodStart = fake.hold('startPeriodTask');

    await testbed.withWorker(fake, async ({ startDirective, client }) => {
      await startDirective({ ...input, taskCount: all.length });
      // The page's unit tasks are marked while the series is still about to start its period.
      await eventually(
        () =>
          expect(assignments.map((a) => fake.task(a.taskId)?.activatedAt)).toEqual([
            expect.any(String),
            expect.any(String),
          ]),
        { timeoutMs: 30_000 },
      );
      await eventually(() => expect(fake.callsOf('startPeriodTask')).toHaveLength(1), { timeoutMs: 30_000 });
      expect(fake.task(series.taskId)?.activatedAt).toBeNull();
      expect(await exists(client, unitTaskWorkflowId(input.directiveId, series.unitId, 0))).toBe(false);
      expect(fake.callsOf('activateTasks').flatMap((c) => c.input.taskIds)).not.toContain(series.taskId);

      periodStart.release();
      await eventually(() => expect(fake.task(series.taskId)?.activatedAt).toEqual(expect.any(String)), {
        timeoutMs: 30_000,
      });
      expect(await exists(client, unitTaskWorkflowId(input.directiveId, series.unitId, 0))).toBe(true);
    });
    expect(fake.missingAtActivation).toEqual([]);
  });

  it('replays the history of a shard that marked its pages', async () => {
    const fake = new FakeDondocActivities();
    const now = await testbed.now();
    const { input, assignments } = aDirective().from(now).dueIn('30 days').withTasks(3).build();
    const due = iso(now + ms('30 days'));
    const series: AssignmentRef = {
      taskId: randomUUID(),
      unitId: 'unit-series',
      role: 'lead',
      dueAt: due,
      originalDueAt: due,
      recurrence: { every: 'P1M', until: '2099-12-31' },
    };
    fake.seedDirective(input.directiveId, [...assignments, series]);

    const history = await testbed.withWorker(fake, async ({ startDirective, client }) => {
      const directive = await startDirective({ ...input, taskCount: 4 });
      await eventually(async () => expect((await directive.query(directiveProgressQuery)).launched).toBe(4), {
        timeoutMs: 30_000,
      });
      await eventually(() => expect(fake.task(series.taskId)?.activatedAt).toEqual(expect.any(String)), {
        timeoutMs: 30_000,
      });
      return client.workflow.getHandle(directiveShardWorkflowId(input.directiveId, 0)).fetchHistory();
    });
    const markers = (history.events ?? []).filter((e) => e.markerRecordedEventAttributes != null);
    expect(markers).toHaveLength(1);
    await Worker.runReplayHistory(
      { workflowBundle: testbed.workflowBundle },
      history,
      directiveShardWorkflowId(input.directiveId, 0),
    );
  });
});
