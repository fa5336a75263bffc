/**
 * Delivery benchmark (figures, not assertions). On one private stack (Temporal dev server,
 * PostgreSQL, Dondoc worker with its dispatcher, API), N units each with a webhook subscription to
 * one local receiver that verifies every signature (timing-receiver.ts):
 *   - live: one directive of N tasks sharing one deadline, with one reminder a few minutes ahead
 *     (after the fan-out). For each reminder: the lag from its scheduled instant to its notice's
 *     outbox row (written in the notice's transaction), and from that row to its webhook arriving;
 *   - drain: the same N events written to the outbox at once, as a backlog: deliveries per second
 *     through the dispatcher (fan-out to deliveries, claim, sign, POST), undisturbed by how fast
 *     the rows are written;
 *   - baseline: a bare loop that signs (standardwebhooks) and POSTs the same N payloads to the same
 *     receiver, as many at once as the dispatcher may send to one endpoint.
 * Targets: the dispatcher adds < 2 s at p99 to the row's own lag; drain throughput ≥ 0.5 of the baseline.
 * Last line: {"units":N,"scheduledToRowMs":{…},"rowToWebhookMs":{…},"drainPerSec":…,"baselinePerSec":…,…}
 *
 * Usage: npm run bench:delivery [-- N]
 */
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from '@dondoc/delivery';
import { asAdmin, asClerk } from '../../test/integration/support/api';
import { pollUntil, startStack, type Stack } from '../../test/integration/support/stack';
import { runBench } from '../support/run-bench';
import { TimingReceiver, spread } from './timing-receiver';

const units = Number(process.argv[2] ?? process.env.BENCH_UNITS ?? 5000);
/** How far ahead of the directive's creation the reminder falls: after the fan-out, which runs at ~50 tasks/s. */
const REMINDER_IN_MS = Number(process.env.BENCH_REMINDER_IN_S ?? Math.max(90, Math.ceil(units / 20) + 60)) * 1000;
/** The dispatcher's per-endpoint limit (the stack's default); the baseline sends as many at once. */
const PER_ENDPOINT = Number(process.env.DONDOC_DELIVERY_PER_ENDPOINT ?? 8);
const WAIT_MS = 30 * 60_000;

interface OutboxRow {
  id: string;
  created_at: Date;
  scheduled_at: string;
  payload: Record<string, unknown>;
}

async function expectOk<T>(call: Promise<{ status: number; body: T }>): Promise<T> {
  const response = await call;
  if (response.status >= 300)
    throw new Error(`API answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
  return response.body;
}

/** N units under one issuer, each subscribed to `task.reminder` at its own path of the receiver. */
async function seed(stack: Stack, db: PgClient, receiver: TimingReceiver): Promise<string[]> {
  const admin = asAdmin('bench.seed');
  await expectOk(
    stack.http.post('/units', { units: [{ id: 'bench/issuer', name: 'Issuer', level: 'province' }] }, admin),
  );
  const ids = Array.from({ length: units }, (_, i) => `bench/unit-${String(i).padStart(6, '0')}`);
  for (let i = 0; i < ids.length; i += 2000) {
    const batch = ids
      .slice(i, i + 2000)
      .map((id) => ({ id, name: `Unit ${id}`, level: 'commune', parentId: 'bench/issuer' }));
    await expectOk(stack.http.post('/units', { units: batch }, admin));
  }
  // Straight into the table: the subscriptions are the setting, not what is measured.
  const rows = ids.map((unitId, n) => {
    const secret = generateWebhookSecret();
    return [unitId, receiver.urlFor(n, secret), secret];
  });
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    await db.query(
      `INSERT INTO webhook_subscriptions (unit_id, url, events, secret, created_by)
       SELECT unit_id, url, ARRAY['task.reminder'], secret, 'bench' FROM unnest($1::text[], $2::text[], $3::text[]) AS s(unit_id, url, secret)`,
      [batch.map((r) => r[0]), batch.map((r) => r[1]), batch.map((r) => r[2])],
    );
  }
  return ids;
}

/** Issues the directive (one reminder REMINDER_IN_MS ahead) and waits for its fan-out; answers its id and the reminder's instant. */
async function issue(stack: Stack, unitIds: string[]): Promise<{ directiveId: string; reminderAt: number }> {
  const clerk = asClerk('bench/issuer', 'bench.clerk');
  const reminderAt = Date.now() + REMINDER_IN_MS;
  const dueAt = new Date(reminderAt + 60_000).toISOString();
  const directive = await expectOk(
    stack.http.post<{ id: string }>(
      '/directives',
      {
        number: `${randomUUID().slice(0, 8)}-CV/BENCH`,
        issuerUnitId: 'bench/issuer',
        subject: 'Delivery benchmark',
        issuedAt: new Date().toISOString(),
        reminderPolicy: { before: ['PT60S'], atDeadline: false, overdueEvery: null, escalateAfter: null },
        assignments: unitIds.map((unitId) => ({ unitId, role: 'lead', instructions: 'Benchmark task', dueAt })),
      },
      clerk,
    ),
  );
  const started = Date.now();
  await pollUntil(
    () => expectOk(stack.http.get<{ progress: { active: number } }>(`/directives/${directive.id}`, clerk)),
    (d) => d.progress.active === unitIds.length,
    { timeoutMs: WAIT_MS, intervalMs: 500, description: `all ${unitIds.length} tasks active` },
  );
  const fannedOut = Date.now();
  console.log(`fan-out: ${units} tasks active in ${((fannedOut - started) / 1000).toFixed(1)} s`);
  if (fannedOut > reminderAt)
    console.log(
      `WARNING: the fan-out ended ${fannedOut - reminderAt} ms after the reminder instant: raise BENCH_REMINDER_IN_S`,
    );
  return { directiveId: directive.id, reminderAt };
}

async function waitForArrivals(receiver: TimingReceiver, prefix: string, description: string): Promise<void> {
  await pollUntil(
    () => Promise.resolve(receiver.countOf(prefix)),
    (count) => count >= units,
    { timeoutMs: WAIT_MS, intervalMs: 100, description },
  );
}

/** Signs and POSTs each payload to its unit's URL, PER_ENDPOINT at a time; answers the seconds taken. */
async function baseline(payloads: { body: string; url: string; secret: string }[]): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < payloads.length; i = next++) {
      const { body, url, secret } = payloads[i] as { body: string; url: string; secret: string };
      const id = (JSON.parse(body) as { id: string }).id;
      const now = new Date();
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': new Webhook(secret).sign(id, now, body),
        },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`baseline POST answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: PER_ENDPOINT }, lane));
  return (performance.now() - started) / 1000;
}

async function run(): Promise<void> {
  const receiver = new TimingReceiver();
  await receiver.start();
  const stack = await startStack({
    name: 'bench-delivery',
    env: {
      DONDOC_MIN_NOTICE_INTERVAL: 'PT1S',
      DONDOC_WEBHOOK_ALLOW_PRIVATE: 'true',
      DONDOC_WORKING_HOURS: 'always',
      DONDOC_DELIVERY_PER_ENDPOINT: String(PER_ENDPOINT),
    },
  });
  const db = new PgClient({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const unitIds = await seed(stack, db, receiver);
    const { directiveId, reminderAt } = await issue(stack, unitIds);
    await waitForArrivals(receiver, 'task.reminder/', `${units} reminder webhooks`);
    const rows = (
      await db.query(
        `SELECT id, created_at, payload->'data'->>'scheduledAt' AS scheduled_at, payload FROM outbox_events
          WHERE type = 'task.reminder' AND directive_id = $1`,
        [directiveId],
      )
    ).rows as OutboxRow[];
    const scheduledToRow = rows.map((r) => r.created_at.getTime() - Date.parse(r.scheduled_at));
    const rowToWebhook = rows.map((r) => (receiver.arrivals.get(r.id)?.firstAt ?? Number.NaN) - r.created_at.getTime());
    const rowTimes = rows.map((r) => r.created_at.getTime()).sort((a, b) => a - b);
    const arrivalTimes = rows.map((r) => receiver.arrivals.get(r.id)?.firstAt ?? Number.NaN).sort((a, b) => a - b);
    const rowsPerSec = rows.length / Math.max(0.001, ((rowTimes.at(-1) ?? 0) - (rowTimes[0] ?? 0)) / 1000);
    const livePerSec = rows.length / Math.max(0.001, ((arrivalTimes.at(-1) ?? 0) - (rowTimes[0] ?? 0)) / 1000);
    console.log(`live: ${rows.length} reminders scheduled at ${new Date(reminderAt).toISOString()}`);
    console.log(
      `live: scheduled → row ms ${JSON.stringify(spread(scheduledToRow))}; rows written at ${rowsPerSec.toFixed(1)}/s`,
    );
    console.log(
      `live: row → webhook ms ${JSON.stringify(spread(rowToWebhook))}; delivered at ${livePerSec.toFixed(1)}/s`,
    );

    // The same events as a backlog written at once: the dispatcher's own pace.
    const drainStarted = Date.now();
    await db.query(
      `INSERT INTO outbox_events (id, type, version, task_id, directive_id, unit_id, occurred_at, payload)
       SELECT 'bench-drain/' || id, type, version, task_id, directive_id, unit_id, occurred_at,
              jsonb_set(payload, '{id}', to_jsonb('bench-drain/' || id))
         FROM outbox_events WHERE type = 'task.reminder' AND directive_id = $1`,
      [directiveId],
    );
    await waitForArrivals(receiver, 'bench-drain/', `${units} drained webhooks`);
    const drainSeconds = (Date.now() - drainStarted) / 1000;
    const drainPerSec = units / drainSeconds;
    console.log(
      `drain: ${units} webhooks from a backlog in ${drainSeconds.toFixed(2)} s (${drainPerSec.toFixed(1)}/s)`,
    );

    const subscriptions = (
      await db.query(`SELECT unit_id, url, secret FROM webhook_subscriptions WHERE created_by = 'bench'`)
    ).rows as { unit_id: string; url: string; secret: string }[];
    const byUnit = new Map(subscriptions.map((s) => [s.unit_id, s]));
    const payloads = rows.map((r) => {
      const subscription = byUnit.get(String(r.payload.unitId));
      if (subscription === undefined) throw new Error(`no subscription for ${String(r.payload.unitId)}`);
      return {
        body: JSON.stringify({ ...r.payload, id: `bench-baseline/${r.id}` }),
        url: subscription.url,
        secret: subscription.secret,
      };
    });
    const baselineSeconds = await baseline(payloads);
    const baselinePerSec = units / baselineSeconds;
    console.log(
      `baseline: ${units} signed POSTs, ${PER_ENDPOINT} at a time, in ${baselineSeconds.toFixed(2)} s (${baselinePerSec.toFixed(1)}/s)`,
    );

    const added = spread(rowToWebhook);
    const ratio = drainPerSec / baselinePerSec;
    console.log(`target: dispatcher adds < 2000 ms at p99: ${added.p99} ms — ${added.p99 < 2000 ? 'PASS' : 'FAIL'}`);
    console.log(`target: drain throughput ≥ 0.5 of baseline: ${ratio.toFixed(3)} — ${ratio >= 0.5 ? 'PASS' : 'FAIL'}`);
    console.log(`receiver: ${receiver.repeats()} repeated arrivals, ${receiver.unverified} unverified`);
    console.log(
      JSON.stringify({
        units,
        scheduledToRowMs: spread(scheduledToRow),
        rowToWebhookMs: added,
        rowsPerSec: Number(rowsPerSec.toFixed(1)),
        livePerSec: Number(livePerSec.toFixed(1)),
        drainPerSec: Number(drainPerSec.toFixed(1)),
        baselinePerSec: Number(baselinePerSec.toFixed(1)),
        ratio: Number(ratio.toFixed(3)),
        perEndpoint: PER_ENDPOINT,
        repeats: receiver.repeats(),
        unverified: receiver.unverified,
        p99TargetMet: added.p99 < 2000,
        throughputTargetMet: ratio >= 0.5,
      }),
    );
  } finally {
    await db.end();
    await stack.stop();
    await receiver.stop();
  }
}

runBench(run);
