/**
 * Calendar re-plan benchmark (figures, not assertions). On one private stack: N open tasks due on
 * one weekday; an administrator makes that day a day off. Measures how long the PUT takes to
 * answer (it only counts and starts the re-plan) and how long the re-plan workflow takes to move
 * every deadline through the tasks' own workflows, checked in PostgreSQL.
 * Last line: {"tasks":N,"putMs":…,"replanSeconds":…,"tasksPerSec":…}
 *
 * Usage: npm run bench:calendar [-- N]
 */
import { randomUUID } from 'node:crypto';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client } from 'pg';
import { asAdmin, asClerk } from '../../test/integration/support/api';
import { pollUntil, startStack, type Stack } from '../../test/integration/support/stack';
import { runBench } from '../support/run-bench';

const count = Number(process.argv[2] ?? process.env.BENCH_TASKS ?? 1000);
const DAY = 86_400_000;

async function ok<T>(call: Promise<{ status: number; body: T }>): Promise<T> {
  const response = await call;
  if (response.status >= 300)
    throw new Error(`API answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
  return response.body;
}

/** A Monday–Thursday about three weeks ahead that the stored calendar lists as nothing special, nor the day after. */
async function plainWeekday(stack: Stack): Promise<string> {
  for (let ms = Date.now() + 21 * DAY; ; ms += DAY) {
    const date = new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
    const next = new Date(ms + DAY + 7 * 3_600_000).toISOString().slice(0, 10);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const year = await ok(stack.http.get<{ days: { date: string }[] }>(`/calendar/${date.slice(0, 4)}`));
    if (weekday >= 1 && weekday <= 4 && !year.days.some((d) => d.date === date || d.date === next)) return date;
  }
}

async function run(): Promise<void> {
  const stack = await startStack({ name: 'bench-calendar' });
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const prefix = `bench-${randomUUID().slice(0, 6)}`;
    const units = Array.from({ length: count }, (_, i) => ({
      id: `${prefix}/unit-${String(i).padStart(6, '0')}`,
      name: `Đơn vị ${i}`,
      level: 'commune',
      parentId: `${prefix}/issuer`,
    }));
    await ok(
      stack.http.post(
        '/units',
        { units: [{ id: `${prefix}/issuer`, name: 'Cơ quan ban hành', level: 'province' }] },
        asAdmin('bench.seed'),
      ),
    );
    for (let i = 0; i < units.length; i += 2000)
      await ok(stack.http.post('/units', { units: units.slice(i, i + 2000) }, asAdmin('bench.seed')));

    const day = await plainWeekday(stack);
    const clerk = asClerk(`${prefix}/issuer`, 'bench.clerk');
    const directive = await ok(
      stack.http.post<{ id: string }>(
        '/directives',
        {
          number: `${randomUUID().slice(0, 8)}-CV/BENCH`,
          issuerUnitId: `${prefix}/issuer`,
          subject: 'Calendar re-plan benchmark',
          issuedAt: new Date().toISOString(),
          reminderPolicy: { before: [], atDeadline: false, overdueEvery: null, escalateAfter: null },
          assignments: units.map((u) => ({ unitId: u.id, role: 'lead', instructions: 'Thực hiện', dueAt: day })),
        },
        clerk,
      ),
    );
    await pollUntil(
      () => ok(stack.http.get<{ progress: { active: number } }>(`/directives/${directive.id}`, clerk)),
      (d) => d.progress.active === count,
      { timeoutMs: 30 * 60_000, intervalMs: 1000, description: 'every task to be active' },
    );

    const started = performance.now();
    const edit = await ok(
      stack.http.put<{ replan: { tasks: number; workflowId: string } }>(
        `/calendar/${day.slice(0, 4)}/days/${day}`,
        { kind: 'day_off', name: 'Nghỉ (benchmark)' },
        asAdmin(),
      ),
    );
    const putMs = performance.now() - started;
    console.log(`PUT answered in ${putMs.toFixed(0)} ms: ${edit.replan.tasks} tasks to re-plan`);
    await new TemporalClient({ connection, namespace: stack.namespace }).workflow
      .getHandle(edit.replan.workflowId)
      .result();
    const replanSeconds = (performance.now() - started) / 1000;
    const moved = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tasks WHERE directive_id = $1 AND due_at <> original_due_at`,
      [directive.id],
    );
    if (moved.rows[0]?.n !== count) throw new Error(`${moved.rows[0]?.n} of ${count} deadlines moved`);
    console.log(`re-plan: ${count} deadlines moved in ${replanSeconds.toFixed(2)} s`);
    console.log(
      JSON.stringify({
        tasks: count,
        putMs: Number(putMs.toFixed(0)),
        replanSeconds: Number(replanSeconds.toFixed(2)),
        tasksPerSec: Number((count / replanSeconds).toFixed(1)),
      }),
    );
  } finally {
    await connection.close();
    await db.end();
    await stack.stop();
  }
}

runBench(run);
