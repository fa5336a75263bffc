/**
 * Fan-out benchmark (figures, not assertions). On one private stack (Temporal dev server,
 * PostgreSQL, Dondoc worker and API):
 *   - Dondoc: time from POST /directives with N recipients until every task is active
 *     (its workflow started and its row marked) as GET /directives/:id reports, checked by
 *     paging GET /tasks;
 *   - baseline: N bare child workflows that do nothing, fanned out through the same
 *     parent → shards → children shape, on the same server in the same run, until every
 *     child has started (Dondoc's finish line too: a task is active once its workflow started).
 *   - probe: a third directive to N units, its first reminder during the fan-out: the largest
 *     gap between a task being listed and an action on it succeeding, and the reminders missed
 *     by tasks that started after their first reminder instant (actionable-probe.ts).
 * Last line: {"units":N,"dondocPerSec":…,"barePerSec":…,"ratio":…,"listedToActionableMaxGapMs":…,"missedReminders":…}
 *
 * Usage: npm run bench:fanout [-- N]
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { asAdmin, asClerk } from '../../test/integration/support/api';
import { pollUntil, startStack, type Stack } from '../../test/integration/support/stack';
import { runBench } from '../support/run-bench';
import { probeDirective } from './actionable-probe';

const units = Number(process.argv[2] ?? process.env.BENCH_UNITS ?? 5000);
const shardSize = Number(process.env.DONDOC_SHARD_SIZE ?? 500);
const WARM_UP = 100;
const BARE_QUEUE = 'bench-bare';
/** The probe directive's first reminder, after it is issued: while its tasks are still starting. */
const FIRST_REMINDER_IN_MS = Number(process.env.BENCH_FIRST_REMINDER_S ?? 15) * 1000;

interface DirectiveView {
  id: string;
  progress: { total: number; active: number };
}

async function loadUnits(stack: Stack, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}/unit-${String(i).padStart(6, '0')}`);
  const admin = asAdmin('bench.seed');
  await expectOk(
    stack.http.post('/units', { units: [{ id: `${prefix}/issuer`, name: 'Issuer', level: 'province' }] }, admin),
  );
  for (let i = 0; i < ids.length; i += 2000) {
    const batch = ids
      .slice(i, i + 2000)
      .map((id) => ({ id, name: `Unit ${id}`, level: 'commune', parentId: `${prefix}/issuer` }));
    await expectOk(stack.http.post('/units', { units: batch }, admin));
  }
  return ids;
}

async function expectOk<T>(call: Promise<{ status: number; body: T }>): Promise<T> {
  const response = await call;
  if (response.status >= 300)
    throw new Error(`API answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
  return response.body;
}

/** Seconds from POST /directives until all N tasks are active; a clerk of the issuer issues and reads. */
async function timeDondoc(stack: Stack, prefix: string, unitIds: string[]): Promise<number> {
  const clerk = asClerk(`${prefix}/issuer`, 'bench.clerk');
  const dueAt = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
  const started = performance.now();
  const directive = await expectOk(
    stack.http.post<DirectiveView>(
      '/directives',
      {
        number: `${randomUUID().slice(0, 8)}-CV/BENCH`,
        issuerUnitId: `${prefix}/issuer`,
        subject: 'Fan-out benchmark',
        issuedAt: new Date().toISOString(),
        assignments: unitIds.map((unitId) => ({ unitId, role: 'lead', instructions: 'Benchmark task', dueAt })),
      },
      clerk,
    ),
  );
  await pollUntil(
    () => expectOk(stack.http.get<DirectiveView>(`/directives/${directive.id}`, clerk)),
    (d) => d.progress.active === unitIds.length,
    { timeoutMs: 20 * 60_000, intervalMs: 200, description: `all ${unitIds.length} tasks of the directive active` },
  );
  const elapsed = (performance.now() - started) / 1000;
  // Every task is visible through GET /tasks, once.
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: { items: { unitId: string; activatedAt: string | null }[]; nextCursor: string | null } = await expectOk(
      stack.http.get(`/tasks?directiveId=${directive.id}&limit=500${cursor ? `&cursor=${cursor}` : ''}`, clerk),
    );
    for (const task of page.items) {
      if (task.activatedAt === null) throw new Error(`task of ${task.unitId} listed but not active`);
      seen.add(task.unitId);
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  if (seen.size !== unitIds.length) throw new Error(`GET /tasks listed ${seen.size} units, expected ${unitIds.length}`);
  return elapsed;
}

/** Seconds until N bare children have started, through the same shard shape. */
async function timeBare(client: Client, count: number): Promise<number> {
  const runId = randomUUID();
  const started = performance.now();
  const done = await client.workflow.execute('bareFanoutWorkflow', {
    taskQueue: BARE_QUEUE,
    workflowId: `bench/${runId}`,
    args: [runId, count, shardSize],
  });
  if (done !== count) throw new Error(`bare fan-out finished ${String(done)} children, expected ${count}`);
  return (performance.now() - started) / 1000;
}

async function run(): Promise<void> {
  // The probe's one-hour `before` is production's shortest notice; the lower minimum only keeps it clear of that limit.
  const stack = await startStack({
    name: 'bench-fanout',
    env: { DONDOC_SHARD_SIZE: String(shardSize), DONDOC_MIN_NOTICE_INTERVAL: 'PT1S' },
  });
  const nativeConnection = await NativeConnection.connect({ address: stack.temporalAddress });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: stack.namespace });
  try {
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: stack.namespace,
      taskQueue: BARE_QUEUE,
      workflowsPath: path.join(__dirname, `bare.workflows${path.extname(__filename)}`),
    });
    const figures = await worker.runUntil(async () => {
      const warmUnits = await loadUnits(stack, 'bench-warm', WARM_UP);
      const benchUnits = await loadUnits(stack, 'bench', units);
      await timeBare(client, WARM_UP);
      await timeDondoc(stack, 'bench-warm', warmUnits);
      const bare = await timeBare(client, units);
      console.log(`bare: ${units} children started in ${bare.toFixed(2)} s`);
      const dondoc = await timeDondoc(stack, 'bench', benchUnits);
      console.log(`dondoc: ${units} tasks active and listed in ${dondoc.toFixed(2)} s`);
      const probe = await probeDirective(
        stack,
        client,
        'bench-probe',
        await loadUnits(stack, 'bench-probe', units),
        FIRST_REMINDER_IN_MS,
      );
      console.log(
        `probe: ${probe.sampled} tasks acknowledged as they were listed: largest listed-to-actionable gap ${probe.maxGapMs.toFixed(0)} ms, ` +
          `${probe.unavailable} answers 503, ${probe.timedOut} client time-outs, slowest acknowledgement ${probe.maxActionMs.toFixed(0)} ms`,
      );
      console.log(
        `probe: ${probe.lateStarts} of ${units} tasks started after their first reminder instant; ${probe.missedReminders} have no reminder notice`,
      );
      return { bare, dondoc, probe };
    });
    const dondocPerSec = units / figures.dondoc;
    const barePerSec = units / figures.bare;
    console.log(
      JSON.stringify({
        units,
        dondocPerSec: Number(dondocPerSec.toFixed(1)),
        barePerSec: Number(barePerSec.toFixed(1)),
        ratio: Number((dondocPerSec / barePerSec).toFixed(3)),
        listedToActionableMaxGapMs: Math.round(figures.probe.maxGapMs),
        missedReminders: figures.probe.missedReminders,
      }),
    );
  } finally {
    await connection.close();
    await nativeConnection.close();
    await stack.stop();
  }
}

runBench(run);
