/**
 * The withdrawal cascade with the real activities on a real PostgreSQL database and a real
 * Temporal dev server, run by the worker factory the worker process uses: the activities that
 * reach Temporal (withdrawImplementingDirectives sends Updates to other directives' workflows)
 * can only be tested this way. No API: the directives' rows are seeded and their workflows started
 * directly, as the API would.
 */
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { createActivities } from '@dondoc/activities';
import { DEFAULT_REMINDER_POLICY } from '@dondoc/domain';
import { createDondocWorker } from '@dondoc/temporal';
import { directiveWorkflowId, withdrawUpdate, type DirectiveInput } from '@dondoc/workflows/directive/contract';
import type { directiveWorkflow } from '@dondoc/workflows/directive/directive.workflow';
import { TEST_PUBLIC_URL, createTestDatabase, type TestDatabase } from '../support/database';
import { pollUntil, resolveTemporalCli } from '../support/stack';
import { auditRecordsOf, rowsOf, seedDirective, seedTask, seedUnit } from './seed';

interface DirectiveRow {
  number: string;
  status: string;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

describe('withdrawal cascade on PostgreSQL and Temporal', () => {
  let database: TestDatabase;
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const taskQueue = `activities-it-${randomUUID()}`;

  beforeAll(async () => {
    try {
      Runtime.install({
        logger: new DefaultLogger('WARN'),
        telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
      });
    } catch {
      // Installed already in this process by an earlier test file: keep it.
    }
    [database, env] = await Promise.all([
      createTestDatabase(),
      TestWorkflowEnvironment.createLocal({
        server: { executable: { type: 'existing-path', path: resolveTemporalCli() } },
      }),
    ]);
    const created = await createDondocWorker({
      settings: { address: env.address, namespace: 'default', taskQueue },
      activities: createActivities(database.dataSource, { workflows: env.client.workflow, publicUrl: TEST_PUBLIC_URL }),
    });
    worker = created.worker;
    const connection = created.connection;
    running = worker.run().finally(() => connection.close());
  }, 300_000);

  afterAll(async () => {
    if (worker !== undefined && worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await env?.teardown();
    await database?.drop();
  }, 120_000);

  const directiveRow = async (id: string): Promise<DirectiveRow> =>
    (await rowsOf<DirectiveRow>(database.dataSource, 'directives', 'id', id))[0]!;
  const taskOf = async (directiveId: string): Promise<{ id: string; status: string; activated_at: Date | null }> =>
    (
      await rowsOf<{ id: string; status: string; activated_at: Date | null }>(
        database.dataSource,
        'tasks',
        'directive_id',
        directiveId,
      )
    )[0]!;

  it('withdraws a running child through its workflow and marks an ended one here, visiting its own children', async () => {
    const issuer = await seedUnit(database.dataSource);
    const [unitA, unitB] = [await seedUnit(database.dataSource), await seedUnit(database.dataSource)];
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const parent = await seedDirective(database.dataSource, { issuerUnitId: issuer });
    const child = await seedDirective(database.dataSource, { issuerUnitId: issuer, parentDirectiveId: parent });
    // A child whose workflow is no longer running (every task done), and a grandchild below it.
    const endedChild = await seedDirective(database.dataSource, { issuerUnitId: issuer, parentDirectiveId: parent });
    const grandchild = await seedDirective(database.dataSource, {
      issuerUnitId: issuer,
      parentDirectiveId: endedChild,
    });
    for (const [directiveId, unitId] of [
      [parent, unitA],
      [child, unitB],
    ] as const)
      await seedTask(database.dataSource, { directiveId, unitId, dueAt });
    for (const directiveId of [endedChild, grandchild]) {
      const taskId = await seedTask(database.dataSource, { directiveId, unitId: unitA, dueAt });
      await database.dataSource.query(`UPDATE tasks SET status = 'completed', closed_at = now() WHERE id = $1`, [
        taskId,
      ]);
    }

    const start = (directiveId: string) =>
      env!.client.workflow.start<typeof directiveWorkflow>('directiveWorkflow', {
        taskQueue,
        workflowId: directiveWorkflowId(directiveId),
        args: [
          {
            directiveId,
            taskCount: 1,
            shardSize: 10,
            settings: {
              issuerUnitId: issuer,
              coordinatingUnitId: issuer,
              reviewRequired: false,
              reminderPolicy: { ...DEFAULT_REMINDER_POLICY },
            },
          } satisfies DirectiveInput,
        ],
      });
    const [parentHandle, childHandle] = await Promise.all([start(parent), start(child)]);
    try {
      await pollUntil(
        async () => Promise.all([taskOf(parent), taskOf(child)]),
        (tasks) => tasks.every((t) => t.activated_at !== null),
        { timeoutMs: 90_000, description: 'both directives’ tasks to start' },
      );

      const answer = await parentHandle.executeUpdate(withdrawUpdate, {
        args: [{ actor: 'lanh.dao', reason: 'Thay thế', waitMs: 30_000 }],
      });
      expect(answer.complete).toBe(true);
      // The cascade runs after the answer; the grandchild is the last directive it reaches.
      await pollUntil(
        () => directiveRow(grandchild),
        (row) => row.status === 'withdrawn',
        { timeoutMs: 90_000, description: 'the cascade to reach the grandchild' },
      );
      await expect(childHandle.result()).resolves.toMatchObject({ withdrawn: true });
      await expect(parentHandle.result()).resolves.toMatchObject({ withdrawn: true });

      const [parentRow, endedRow] = [await directiveRow(parent), await directiveRow(endedChild)];
      expect(parentRow).toMatchObject({ status: 'withdrawn', withdrawn_by: 'lanh.dao', withdrawn_reason: 'Thay thế' });
      for (const id of [child, endedChild]) {
        expect(await directiveRow(id)).toMatchObject({
          status: 'withdrawn',
          withdrawn_by: 'lanh.dao',
          withdrawn_reason: `the directive it implements, ${parentRow.number}, was withdrawn: Thay thế`,
        });
      }
      expect(await directiveRow(grandchild)).toMatchObject({
        withdrawn_by: 'lanh.dao',
        withdrawn_reason: `the directive it implements, ${endedRow.number}, was withdrawn: Thay thế`,
      });

      // The running child's task ended through its own workflow, naming the root of the cascade.
      const childTask = await taskOf(child);
      expect(childTask.status).toBe('cancelled');
      const [childEvent] = await rowsOf<{ action: string; data: unknown }>(
        database.dataSource,
        'task_events',
        'task_id',
        childTask.id,
      );
      expect(childEvent).toMatchObject({
        action: 'cancel',
        data: {
          cause: 'parent directive withdrawn',
          directiveId: child,
          rootDirectiveId: parent,
          rootDirectiveNumber: parentRow.number,
          parentDirectiveId: parent,
        },
      });
      const parentTask = await taskOf(parent);
      expect(parentTask.status).toBe('cancelled');
      expect(
        (await rowsOf<{ data: unknown }>(database.dataSource, 'task_events', 'task_id', parentTask.id))[0],
      ).toMatchObject({
        data: { cause: 'directive withdrawn', directiveId: parent, reason: 'Thay thế' },
      });
      // Each unit is told through the outbox that its task is void: one event, written with the cancellation.
      for (const task of [parentTask, childTask]) {
        const events = await rowsOf<{ id: string; type: string; payload: { data: { by: unknown; reason: string } } }>(
          database.dataSource,
          'outbox_events',
          'task_id',
          task.id,
        );
        // Beside the task.assigned its start wrote (issue 11), exactly one other event: the withdrawal.
        expect(events.filter((event) => event.type === 'task.assigned')).toHaveLength(1);
        const told = events.filter((event) => event.type !== 'task.assigned');
        expect(told).toEqual([
          expect.objectContaining({
            id: expect.stringMatching(new RegExp(`^directive\\.withdrawn/${task.id}:\\d+$`)),
            type: 'directive.withdrawn',
          }),
        ]);
        expect(told[0]!.payload.data.by).toEqual({ unitId: null, sub: 'lanh.dao' });
      }
      expect(
        (
          await rowsOf<{ type: string; payload: { data: { reason: string } } }>(
            database.dataSource,
            'outbox_events',
            'task_id',
            parentTask.id,
          )
        ).find((event) => event.type === 'directive.withdrawn')!.payload.data.reason,
      ).toBe('Thay thế');
      // Every directive the cascade reached has its one audit record, the ended ones too.
      for (const id of [parent, child, endedChild, grandchild]) {
        expect(await auditRecordsOf(database.dataSource, id)).toEqual([
          expect.objectContaining({ action: 'directive.withdraw', actor: 'lanh.dao' }),
        ]);
      }
    } finally {
      for (const handle of [parentHandle, childHandle]) await handle.terminate('test over').catch(() => undefined);
    }
  });
});
