/**
 * A worker crash in the middle of a large fan-out: the directive to 600 units is issued, the
 * worker is SIGKILLed once some but not all tasks are active, and a new worker finishes the job
 * — every unit ends with exactly one task, started once, with a clean history.
 *
 * The API reads DONDOC_SHARD_SIZE at start-up, so giving it to the stack makes the 600 tasks
 * spread over six shard workflows of 100, all of them exercised by the crash.
 */
import { execFile } from 'node:child_process';
import { Client } from 'pg';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  asClerk,
  asOfficer,
  eventsOf,
  expectError,
  expectStatus,
  getDirective,
  getTask,
  listAll,
  type DirectiveView,
  type TaskView,
} from './support/api';
import { aDirective, anOrg, type Org } from './support/builders';
import { pollUntil, type RequestOptions } from './support/stack';
import { STACK_START_MS, useStack } from './support/use-stack';

const UNITS = 600;
const SHARD_SIZE = 100;
/** After a SIGKILL, activities in flight are retried only when their start-to-close timeout (1 min) passes. */
const RECOVERY_MS = 240_000;

const stack = useStack({
  env: {
    DONDOC_SHARD_SIZE: String(SHARD_SIZE),
    // Withdrawing 600 tasks takes about half a minute on two cores: with a 15 s request budget the
    // API answers 202 (cancellations under way) well inside the harness's 30 s request timeout.
    DONDOC_UPDATE_TIMEOUT_MS: '15000',
  },
});

/** Whether Temporal knows a workflow of this id (the API does not expose shard workflows). */
async function workflowExists(workflowId: string): Promise<boolean> {
  const cli = process.env.TEMPORAL_CLI_PATH ?? path.resolve(__dirname, '../../.tools/temporal/bin/temporal');
  const args = [
    'workflow',
    'describe',
    '--workflow-id',
    workflowId,
    '--address',
    stack.temporalAddress,
    '--namespace',
    stack.namespace,
    '--command-timeout',
    '10s',
  ];
  try {
    await promisify(execFile)(cli, args);
    return true;
  } catch {
    return false;
  }
}

describe(`a directive to ${UNITS} units whose worker is killed during the fan-out`, () => {
  let org: Org;
  let directive: DirectiveView;
  let activeAtCrash = 0;
  let tasks: TaskView[] = [];
  /** The issuing unit's clerk reads the directive, its tasks and their histories. */
  const clerk = () => asClerk(org.issuer);

  beforeAll(async () => {
    org = await anOrg().withRecipients(UNITS).create(stack);
  }, 60_000);

  it(
    'finishes the fan-out on a new worker: every task becomes active',
    async () => {
      directive = await aDirective(org).toAll(org.recipients).issue(stack);
      expect(directive.progress?.total).toBe(UNITS);

      const partial = await pollUntil(
        () => getDirective(stack, directive.id, clerk()),
        (d) => (d.progress?.active ?? 0) > 0,
        { timeoutMs: 60_000, intervalMs: 25, description: 'the first tasks to become active' },
      );
      await stack.killWorker();
      activeAtCrash = (await getDirective(stack, directive.id, clerk())).progress!.active;
      // The crash must land mid-way, or this test proves nothing about recovery.
      expect(partial.progress!.active).toBeLessThan(UNITS);
      expect(activeAtCrash).toBeLessThan(UNITS);
      expect(stack.runningWorkers()).toBe(0);

      await stack.startWorker();
      const done = await pollUntil(
        () => getDirective(stack, directive.id, clerk()),
        (d) => d.progress?.active === UNITS,
        {
          timeoutMs: RECOVERY_MS,
          intervalMs: 1_000,
          description: `all ${UNITS} tasks to become active after the restart`,
        },
      );
      expect(done.progress).toEqual({
        total: UNITS,
        active: UNITS,
        byStatus: { assigned: UNITS },
        overdue: 0,
        escalated: 0,
      });

      // The fan-out really went through six shards of 100 (DONDOC_SHARD_SIZE reached the API).
      const shards = await Promise.all(
        Array.from({ length: UNITS / SHARD_SIZE + 1 }, (_, i) =>
          workflowExists(`directive/${directive.id}/shard/${i}`),
        ),
      );
      expect(shards).toEqual([...Array<boolean>(UNITS / SHARD_SIZE).fill(true), false]);
    },
    STACK_START_MS + RECOVERY_MS,
  );

  it('has exactly one task per unit, each active, walked once through pages of 500', async () => {
    const { items, pageSizes } = await listAll<TaskView>(
      stack,
      `/tasks?directiveId=${directive.id}`,
      500,
      undefined,
      clerk(),
    );
    tasks = items;
    expect(pageSizes).toEqual([500, 100]);
    expect(new Set(items.map((t) => t.id)).size).toBe(UNITS);
    expect(items.map((t) => t.unitId).sort()).toEqual([...org.recipients].sort());
    for (const task of items) {
      expect(task).toMatchObject({
        directiveId: directive.id,
        status: 'assigned',
        role: 'lead',
        reassignedFromTaskId: null,
      });
      expect(task.activatedAt).not.toBeNull();
    }
    expect((await getDirective(stack, directive.id, clerk())).progress?.total).toBe(UNITS);
  });

  it('runs exactly one workflow per task: in every shard, an action is applied once and recorded as event 1', async () => {
    // One task from the start and the end of each shard's slice (shards take units in id order).
    const byUnit = [...tasks].sort((a, b) => a.unitId.localeCompare(b.unitId));
    const sample = byUnit.filter((_, i) => i % SHARD_SIZE === 0 || i % SHARD_SIZE === SHARD_SIZE - 1);
    expect(sample).toHaveLength(2 * (UNITS / SHARD_SIZE));

    await Promise.all(
      sample.map(async (task) => {
        const answered = expectStatus(
          await stack.http.post<TaskView>(`/tasks/${task.id}/acknowledge`, {}, asOfficer(task.unitId, 'van.thu')),
          200,
          `acknowledge ${task.unitId}`,
        );
        expect(answered.status).toBe('acknowledged');
      }),
    );
    for (const task of sample) {
      const events = await eventsOf(stack, task.id, clerk());
      expect(events.map((e) => [e.sequence, e.action, e.actor])).toEqual([[1, 'acknowledge', 'van.thu']]);
      // A second workflow for the same task would accept the action a second time; the one workflow refuses it.
      expect(
        expectError(await stack.http.post(`/tasks/${task.id}/acknowledge`, {}, asOfficer(task.unitId)), 409).details,
      ).toMatchObject({ status: 'acknowledged' });
    }
    expect((await getDirective(stack, directive.id, clerk())).progress?.byStatus).toEqual({
      assigned: UNITS - sample.length,
      acknowledged: sample.length,
    });
  }, 120_000);

  it('withdraws all of them through the new worker, each task cancelled once', async () => {
    const answer = await stack.http.post<DirectiveView>(
      `/directives/${directive.id}/withdraw`,
      { reason: 'Thay thế' },
      asClerk(org.issuer, 'bi.thu'),
    );
    // 200 when every cancellation was recorded within the request's budget, 202 when they go on after it.
    expect([200, 202]).toContain(answer.status);
    expect(answer.body.status).toBe('withdrawn');
    await pollUntil(
      () => getDirective(stack, directive.id, clerk()),
      (d) => d.progress?.byStatus.cancelled === UNITS,
      { timeoutMs: 150_000, intervalMs: 1_000, description: `all ${UNITS} tasks cancelled` },
    );
    const after = await listAll<TaskView>(stack, `/tasks?directiveId=${directive.id}`, 500, undefined, clerk());
    expect(after.items.filter((t) => t.status !== 'cancelled')).toEqual([]);
    for (const task of after.items.slice(0, 20)) {
      const cancels = (await eventsOf(stack, task.id, clerk())).filter((e) => e.action === 'cancel');
      expect(cancels).toEqual([expect.objectContaining({ actor: 'bi.thu' })]);
    }
    expect((await getDirective(stack, directive.id, clerk())).progress).toMatchObject({
      total: UNITS,
      byStatus: { cancelled: UNITS },
    });
  }, 240_000);
});

describe('a task whose workflow has not started', () => {
  it('is not listed and, after waiting for its start, refuses actions with 503 and Retry-After while no worker runs; once one does, it is listed and accepts them', async () => {
    const org = await anOrg().create(stack);
    const clerk = asClerk(org.issuer);
    await stack.killWorker();
    let restarted = false;
    try {
      const directive = await aDirective(org).issue(stack);
      expect(
        (await listAll<TaskView>(stack, `/tasks?directiveId=${directive.id}`, 50, undefined, clerk)).items,
      ).toEqual([]);
      expect(await treeTasks(directive.id, clerk)).toEqual({ total: 0, ids: [] });
      const [row] = await taskRowsOf(directive.id);
      const task = await getTask(stack, row!.id, clerk);
      expect(task.activatedAt).toBeNull();

      const officer = asOfficer(task.unitId);
      const response = await fetch(`${stack.baseUrl}/tasks/${task.id}/acknowledge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await stack.authorization(officer) },
        body: '{}',
      });
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await getTask(stack, task.id, clerk)).toMatchObject({ status: 'assigned', activatedAt: null });

      await stack.startWorker();
      restarted = true;
      await pollUntil(
        () => getTask(stack, task.id, clerk),
        (t) => t.activatedAt !== null,
        { timeoutMs: 60_000, description: 'the task to become active' },
      );
      expect(
        (await listAll<TaskView>(stack, `/tasks?directiveId=${directive.id}`, 50, undefined, clerk)).items.map(
          (t) => t.id,
        ),
      ).toEqual([task.id]);
      expect(await treeTasks(directive.id, clerk)).toEqual({ total: 1, ids: [task.id] });
      expect(
        expectStatus(await stack.http.post<TaskView>(`/tasks/${task.id}/acknowledge`, {}, officer), 200).status,
      ).toBe('acknowledged');
    } finally {
      if (!restarted) await stack.startWorker();
    }
  }, 180_000);
});

/** The task rows of a directive straight from the read model: the ids a client could hold before any is listed. */
async function taskRowsOf(directiveId: string): Promise<{ id: string }[]> {
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    return (
      await db.query<{ id: string }>(`SELECT id FROM tasks WHERE directive_id = $1 ORDER BY unit_id`, [directiveId])
    ).rows;
  } finally {
    await db.end();
  }
}

/** The tasks the cascade tree shows for a directive: its counted total and the ids it lists. */
async function treeTasks(directiveId: string, reader: RequestOptions): Promise<{ total: number; ids: string[] }> {
  const tree = expectStatus(
    await stack.http.get<{ totals: { total: number }; root: { tasks: { id: string }[] } }>(
      `/directives/${directiveId}/tree`,
      reader,
    ),
    200,
  );
  return { total: tree.totals.total, ids: tree.root.tasks.map((t) => t.id) };
}
