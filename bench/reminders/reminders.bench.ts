/**
 * Reminder-burst and withdrawal benchmark (figures, not assertions), on the embedded stack it
 * starts itself or on a running cluster (BENCH_API_URL, see target.ts):
 *   - reminders: N tasks of one directive sharing one reminder instant, after the fan-out; the lag
 *     from that instant to each notice's row (its outbox row, stamped when its transaction
 *     starts), p50/p95/p99/max, against N bare workflows each sleeping until one shared instant
 *     and writing one row through one activity, on the same server in the same run;
 *   - withdrawal: the same directive, its N tasks still open, withdrawn; the time until every task
 *     is `cancelled` in the read model, against N bare children (same parent → shards → children
 *     shape) cancelled through their parent until every one has ended.
 * Targets on the cluster: reminder p99 < 5 s; withdrawal < 60 s.
 * Last line: {"topology":…,"units":N,"reminderLagMs":{…},"bareTimerLagMs":{…},"withdrawalS":…,"bareCancelS":…,…}
 *
 * Usage: npm run bench:reminders [-- N]   (BENCH_MODE=reminders|withdrawal|both, default both;
 *        BENCH_REMINDER_IN_S: the instant after issuing, default N/15 + 90 s so the fan-out ends first)
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { pollUntil } from '../../test/integration/support/stack';
import { spread } from '../delivery/timing-receiver';
import { runBench } from '../support/run-bench';
import { BARE_TIMER_TABLE, createBareActivities, createBareTimerTable } from './bare.activities';
import { openTarget, type BenchTarget, type Identity } from './target';

const units = Number(process.argv[2] ?? process.env.BENCH_UNITS ?? 5000);
const mode = process.env.BENCH_MODE ?? 'both';
const shardSize = Number(process.env.DONDOC_SHARD_SIZE ?? 500);
const REMINDER_IN_MS = Number(process.env.BENCH_REMINDER_IN_S ?? Math.ceil(units / 15) + 90) * 1000;
/** The deadline this long after the reminder: nothing else falls due while the burst is measured. */
const BEFORE_S = 600;
const BARE_QUEUE = 'bench-bare-reminders';
const WAIT_MS = 30 * 60_000;
const run = randomUUID().slice(0, 8);
const prefix = `bench-rem-${run}`;
const admin: Identity = { unit: 'bench-root', role: 'admin', sub: 'bench.seed' };
const clerk: Identity = { unit: `${prefix}/issuer`, role: 'clerk', sub: 'bench.clerk' };

async function seedUnits(target: BenchTarget): Promise<string[]> {
  await target.post('/units', { units: [{ id: clerk.unit, name: 'Issuer', level: 'province' }] }, admin);
  const ids = Array.from({ length: units }, (_, i) => `${prefix}/unit-${String(i).padStart(6, '0')}`);
  for (let i = 0; i < ids.length; i += 2000) {
    const batch = ids
      .slice(i, i + 2000)
      .map((id) => ({ id, name: `Unit ${id}`, level: 'commune', parentId: clerk.unit }));
    await target.post('/units', { units: batch }, admin);
  }
  return ids;
}

/** Runs `fn` over `items`, `width` at a time. */
async function inLanes<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: width }, lane));
}

/** N bare timers sharing one instant, each writing one row: lag from the instant to each row, ms. */
async function bareTimers(client: Client, db: Pool): Promise<number[]> {
  await createBareTimerTable(db);
  // Far enough ahead for every start to land first (about 40 starts a second on a loaded machine).
  const at = Date.now() + Math.max(30_000, units * 25);
  const ids = Array.from({ length: units }, (_, i) => `bench/${run}/timer/${i}`);
  await inLanes(ids, 32, async (id) => {
    await client.workflow.start('bareTimerWorkflow', { taskQueue: BARE_QUEUE, workflowId: id, args: [id, at] });
  });
  const late = Date.now() - at;
  if (late > 0) console.log(`WARNING: the bare timers' starts ended ${late} ms after their instant`);
  await pollUntil(
    async () =>
      Number(
        (await db.query(`SELECT count(*) AS n FROM ${BARE_TIMER_TABLE} WHERE id LIKE $1`, [`bench/${run}/%`])).rows[0]
          .n,
      ),
    (n) => n >= units,
    { timeoutMs: WAIT_MS, intervalMs: 250, description: `${units} bare timer rows` },
  );
  const { rows } = await db.query<{ lag: number }>(
    `SELECT extract(epoch FROM written_at - scheduled_at) * 1000 AS lag FROM ${BARE_TIMER_TABLE} WHERE id LIKE $1`,
    [`bench/${run}/%`],
  );
  return rows.map((r) => Number(r.lag));
}

/** Issues the directive (one reminder REMINDER_IN_MS after issuing) and waits for its fan-out. */
async function issue(target: BenchTarget, unitIds: string[]): Promise<{ directiveId: string; reminderAt: number }> {
  const reminderAt = Date.now() + REMINDER_IN_MS;
  const dueAt = new Date(reminderAt + BEFORE_S * 1000).toISOString();
  const started = Date.now();
  const directive = await target.post<{ id: string }>(
    '/directives',
    {
      number: `${run}-CV/BENCH`,
      issuerUnitId: clerk.unit,
      subject: 'Reminder and withdrawal benchmark',
      issuedAt: new Date().toISOString(),
      reminderPolicy: { before: [`PT${BEFORE_S}S`], atDeadline: false, overdueEvery: null, escalateAfter: null },
      assignments: unitIds.map((unitId) => ({ unitId, role: 'lead', instructions: 'Benchmark task', dueAt })),
    },
    clerk,
  );
  await pollUntil(
    () => target.get<{ progress: { active: number } }>(`/directives/${directive.id}`, clerk),
    (d) => d.progress.active === unitIds.length,
    { timeoutMs: WAIT_MS, intervalMs: 1000, description: `all ${unitIds.length} tasks active` },
  );
  console.log(`fan-out: ${units} tasks active in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (Date.now() > reminderAt)
    console.log(
      `WARNING: the fan-out ended ${Date.now() - reminderAt} ms after the reminder instant: raise BENCH_REMINDER_IN_S`,
    );
  return { directiveId: directive.id, reminderAt };
}

/** Waits for every reminder row of the directive; the lag of each from its instant, ms, and tasks started late. */
async function reminderLags(
  db: Pool,
  directiveId: string,
  reminderAt: number,
): Promise<{ lags: number[]; lateStarts: number }> {
  await pollUntil(
    async () =>
      Number(
        (
          await db.query(`SELECT count(*) AS n FROM outbox_events WHERE type = 'task.reminder' AND directive_id = $1`, [
            directiveId,
          ])
        ).rows[0].n,
      ),
    (n) => n >= units,
    {
      timeoutMs: Math.max(0, reminderAt - Date.now()) + WAIT_MS,
      intervalMs: 250,
      description: `${units} reminder rows`,
    },
  );
  const { rows } = await db.query<{ lag: number }>(
    `SELECT extract(epoch FROM created_at - (payload->'data'->>'scheduledAt')::timestamptz) * 1000 AS lag
       FROM outbox_events WHERE type = 'task.reminder' AND directive_id = $1`,
    [directiveId],
  );
  const notices = await db.query<{ n: string; tasks: string }>(
    `SELECT count(*) AS n, count(DISTINCT task_id) AS tasks FROM notifications WHERE directive_id = $1 AND kind = 'reminder'`,
    [directiveId],
  );
  console.log(`reminders: ${notices.rows[0]?.n} notices for ${notices.rows[0]?.tasks} tasks`);
  const late = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM tasks WHERE directive_id = $1 AND activated_at > $2`,
    [directiveId, new Date(reminderAt)],
  );
  return { lags: rows.map((r) => Number(r.lag)), lateStarts: Number(late.rows[0]?.n ?? 0) };
}

/** Withdraws the directive; seconds until every task is cancelled, and each task's cancellation after the request, ms. */
async function withdraw(
  target: BenchTarget,
  db: Pool,
  directiveId: string,
): Promise<{ seconds: number; perTask: number[] }> {
  const started = Date.now();
  await target.post(`/directives/${directiveId}/withdraw`, { reason: 'Thu hồi để đo thời gian' }, clerk);
  const answered = Date.now() - started;
  await pollUntil(
    async () =>
      Number(
        (
          await db.query(`SELECT count(*) AS n FROM tasks WHERE directive_id = $1 AND status = 'cancelled'`, [
            directiveId,
          ])
        ).rows[0].n,
      ),
    (n) => n >= units,
    { timeoutMs: WAIT_MS, intervalMs: 250, description: `${units} tasks cancelled` },
  );
  const seconds = (Date.now() - started) / 1000;
  console.log(`withdrawal: answered in ${answered} ms; all ${units} tasks cancelled after ${seconds.toFixed(1)} s`);
  const { rows } = await db.query<{ after: number }>(
    `SELECT extract(epoch FROM occurred_at - $2::timestamptz) * 1000 AS after FROM task_events WHERE directive_id = $1 AND action = 'cancel'`,
    [directiveId, new Date(started)],
  );
  return { seconds, perTask: rows.map((r) => Number(r.after)) };
}

/** N bare waiting children through shards, then their parent cancelled: seconds until all have ended. */
async function bareCancel(client: Client): Promise<number> {
  const handle = await client.workflow.start('bareCancelFanoutWorkflow', {
    taskQueue: BARE_QUEUE,
    workflowId: `bench/${run}/cancel`,
    args: [run, units, shardSize],
  });
  const shards = Math.ceil(units / shardSize);
  await pollUntil(
    async () => {
      let started = 0;
      for (let s = 0; s < shards; s += 1) {
        started += await client.workflow
          .getHandle(`bench/${run}/shard/${s}`)
          .query<number>('started')
          .catch(() => 0);
      }
      return started;
    },
    (started) => started >= units,
    { timeoutMs: WAIT_MS, intervalMs: 1000, description: `${units} bare children started` },
  );
  const started = performance.now();
  await handle.cancel();
  await handle.result().catch(() => undefined);
  return (performance.now() - started) / 1000;
}

/** What one run measured; a part the mode left out is undefined. */
interface Figures {
  bareLags?: number[] | undefined;
  reminders?: { lags: number[]; lateStarts: number } | undefined;
  withdrawalS?: number;
  bareCancelS?: number;
}

async function main(): Promise<void> {
  const target = await openTarget('bench-reminders', {
    DONDOC_SHARD_SIZE: String(shardSize),
    DONDOC_MIN_NOTICE_INTERVAL: 'PT1S',
  });
  const db = new Pool({ connectionString: target.databaseUrl, max: 10 });
  const nativeConnection = await NativeConnection.connect({ address: target.temporalAddress });
  const connection = await Connection.connect({ address: target.temporalAddress });
  const client = new Client({ connection, namespace: target.namespace });
  try {
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: target.namespace,
      taskQueue: BARE_QUEUE,
      workflowsPath: path.join(__dirname, `bare.workflows${path.extname(__filename)}`),
      activities: createBareActivities(db),
    });
    const figures: Figures = await worker.runUntil(async () => {
      const unitIds = await seedUnits(target);
      const bareLags = mode === 'withdrawal' ? undefined : await bareTimers(client, db);
      if (bareLags !== undefined)
        console.log(`baseline: ${units} bare timers, instant → row ms ${JSON.stringify(spread(bareLags))}`);
      const { directiveId, reminderAt } = await issue(target, unitIds);
      const reminders = mode === 'withdrawal' ? undefined : await reminderLags(db, directiveId, reminderAt);
      if (reminders !== undefined)
        console.log(
          `dondoc: ${units} reminders, instant → row ms ${JSON.stringify(spread(reminders.lags))}; ${reminders.lateStarts} tasks started after the instant`,
        );
      if (mode === 'reminders') return { bareLags, reminders };
      const withdrawal = await withdraw(target, db, directiveId);
      console.log(`dondoc: each task cancelled after the request, ms ${JSON.stringify(spread(withdrawal.perTask))}`);
      const bareCancelS = await bareCancel(client);
      console.log(`baseline: ${units} bare children cancelled through their parent in ${bareCancelS.toFixed(1)} s`);
      return { bareLags, reminders, withdrawalS: withdrawal.seconds, bareCancelS };
    });
    const reminderLag = figures.reminders === undefined ? undefined : spread(figures.reminders.lags);
    const { withdrawalS, bareCancelS } = figures;
    if (target.topology === 'cluster') {
      if (reminderLag !== undefined)
        console.log(`target: reminder p99 < 5000 ms: ${reminderLag.p99} — ${reminderLag.p99 < 5000 ? 'PASS' : 'FAIL'}`);
      if (withdrawalS !== undefined)
        console.log(`target: withdrawal < 60 s: ${withdrawalS.toFixed(1)} — ${withdrawalS < 60 ? 'PASS' : 'FAIL'}`);
    }
    const tenth = (n: number | undefined) => (n === undefined ? undefined : Number(n.toFixed(1)));
    console.log(
      JSON.stringify({
        topology: target.topology,
        units,
        reminderLagMs: reminderLag,
        bareTimerLagMs: figures.bareLags === undefined ? undefined : spread(figures.bareLags),
        lateStarts: figures.reminders?.lateStarts,
        withdrawalS: tenth(withdrawalS),
        bareCancelS: tenth(bareCancelS),
        withdrawalRatio:
          bareCancelS !== undefined && withdrawalS !== undefined
            ? Number((bareCancelS / withdrawalS).toFixed(3))
            : undefined,
      }),
    );
  } finally {
    await connection.close();
    await nativeConnection.close();
    await db.end();
    await target.stop();
  }
}

runBench(main);
