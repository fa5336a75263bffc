/**
 * What the audit chain's lock costs when many task changes land at once: a burst of reminders,
 * each its own transaction, as the worker's activities write them. Every audited transaction
 * takes one advisory lock to number its record, so they queue behind each other from the
 * append until commit.
 *
 * For each concurrency it applies the same kind of change to fresh tasks twice, in one run:
 *   baseline — the read model's part only (`projectTaskChange`: event, task row, notice, outbox event);
 *   audited  — what the engine does (`applyTaskChange`: the same, plus the chained record).
 * and prints changes per second, per-transaction p50/p95, and the ratio audited / baseline.
 * PostgreSQL only (no Temporal): the database is created for the run and dropped after it.
 *
 *   npm run bench:audit                      # 2,000 changes per step, concurrency 1, 8, 32
 *   BENCH_CHANGES=5000 BENCH_CONCURRENCY=1,16,64 npm run bench:audit
 *   BENCH_CHANGE=progress npm run bench:audit  # progress reports (no notice, no catalogue event) instead
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { applyTaskChange, projectTaskChange, type ProjectionOptions } from '@dondoc/activities';
import type { TaskChange } from '@dondoc/workflows/unit-task/task-change';
import { verifyAuditChain } from '@dondoc/audit';
import { createTestDatabase } from '../../test/integration/support/throwaway-database';
import { runBench } from '../support/run-bench';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 2_000);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const ROUNDS = 2;
/** `reminder` (the default: a notice and its catalogue event) or `progress` (a person's report: neither). */
const KIND = process.env.BENCH_CHANGE === 'progress' ? 'progress' : 'reminder';

type Apply = (db: EntityManager, change: TaskChange, options: ProjectionOptions) => Promise<boolean>;

/** Both modes write the change's outbox events alike; only the audit record differs. */
const PROJECTION: ProjectionOptions = { publicUrl: 'http://127.0.0.1:3000' };

interface Step {
  mode: 'baseline' | 'audited';
  concurrency: number;
  perSecond: number;
  p50: number;
  p95: number;
}

/** One directive with `count` assigned tasks, one unit each; answers the task ids. */
async function seedTasks(db: DataSource, count: number): Promise<{ directiveId: string; taskIds: string[] }> {
  const directiveId = randomUUID();
  await db.query(`INSERT INTO units (id, name, level) VALUES ('bench/issuer', 'Issuer', 'province')`);
  await db.query(
    `INSERT INTO units (id, name, level, parent_id) SELECT 'bench/unit-' || g, 'Unit ' || g, 'commune', 'bench/issuer' FROM generate_series(1, $1) g`,
    [count],
  );
  await db.query(
    `INSERT INTO directives (id, number, issuer_unit_id, subject, issued_at, coordinating_unit_id, reminder_policy, created_by)
     VALUES ($1, 'BENCH-1', 'bench/issuer', 'Audit lock benchmark', now(), 'bench/issuer', '{}'::jsonb, 'bench')`,
    [directiveId],
  );
  const rows = await db.query<{ id: string }[]>(
    `INSERT INTO tasks (id, directive_id, unit_id, role, instructions, due_at, original_due_at, status, activated_at)
     SELECT gen_random_uuid(), $1, 'bench/unit-' || g, 'lead', 'Báo cáo', now() + interval '7 days', now() + interval '7 days', 'assigned', now()
     FROM generate_series(1, $2) g RETURNING id`,
    [directiveId, count],
  );
  return { directiveId, taskIds: rows.map((r) => r.id) };
}

/** The change a reminder makes: an event, the task's version, one notice to the unit. */
function reminder(taskId: string, directiveId: string, unitId: string): TaskChange {
  const now = new Date().toISOString();
  return {
    taskId,
    directiveId,
    sequence: 1,
    actor: 'system',
    action: 'remind',
    fromStatus: 'assigned',
    toStatus: 'assigned',
    occurredAt: now,
    patch: {},
    data: { kind: 'before', offset: 'P1D' },
    notifications: [
      { recipientUnitId: unitId, kind: 'reminder', message: 'Còn 1 ngày đến hạn báo cáo', scheduledFor: now },
    ],
  };
}

/** The change a progress report makes: an event and the task's row, nothing else. */
function progress(taskId: string, directiveId: string): TaskChange {
  return {
    taskId,
    directiveId,
    sequence: 1,
    actor: 'bench.officer',
    action: 'progress',
    fromStatus: 'assigned',
    toStatus: 'in_progress',
    occurredAt: new Date().toISOString(),
    patch: { progressPercent: 40, progressNote: 'Đã triển khai' },
    data: { percent: 40 },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Applies one change to each task, `concurrency` transactions at a time. */
async function burst(
  db: DataSource,
  apply: Apply,
  changes: TaskChange[],
  concurrency: number,
): Promise<Omit<Step, 'mode' | 'concurrency'>> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < changes.length; i = next++) {
        const begun = performance.now();
        const applied = await db.transaction((manager) => apply(manager, changes[i]!, PROJECTION));
        if (!applied) throw new Error(`change for task ${changes[i]!.taskId} was applied twice`);
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: changes.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

runBench(async () => {
  const steps = CONCURRENCY.length * 2 * ROUNDS;
  // A migrated database of its own on DATABASE_URL's server, dropped after the run.
  const database = await createTestDatabase({ label: 'bench-audit-lock', poolSize: Math.max(...CONCURRENCY) + 2 });
  const db = database.dataSource;
  try {
    const { directiveId, taskIds } = await seedTasks(db, CHANGES * steps);
    const units = await db.query<{ id: string; unit_id: string }[]>(
      `SELECT id, unit_id FROM tasks WHERE directive_id = $1`,
      [directiveId],
    );
    const unitOf = new Map(units.map((r) => [r.id, r.unit_id]));
    let used = 0;
    const fresh = (): TaskChange[] =>
      taskIds
        .slice(used, (used += CHANGES))
        .map((id) => (KIND === 'progress' ? progress(id, directiveId) : reminder(id, directiveId, unitOf.get(id)!)));

    console.log(
      `audit lock: ${CHANGES} ${KIND === 'progress' ? 'progress reports' : 'reminders'} per step, each its own transaction; concurrency ${CONCURRENCY.join(', ')}; ${ROUNDS} rounds`,
    );
    const results: Step[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const concurrency of CONCURRENCY) {
        // Alternate which goes first, so neither always runs on a warmer cache.
        const order: Step['mode'][] = round % 2 === 0 ? ['baseline', 'audited'] : ['audited', 'baseline'];
        for (const mode of order) {
          const figures = await burst(
            db,
            mode === 'audited' ? applyTaskChange : projectTaskChange,
            fresh(),
            concurrency,
          );
          results.push({ mode, concurrency, ...figures });
        }
      }
    }

    console.log(
      '\n| concurrency | baseline changes/s | audited changes/s | ratio | baseline p50 / p95 ms | audited p50 / p95 ms |',
    );
    console.log('|---|---|---|---|---|---|');
    for (const concurrency of CONCURRENCY) {
      const mean = (mode: Step['mode'], key: 'perSecond' | 'p50' | 'p95'): number => {
        const of = results.filter((r) => r.mode === mode && r.concurrency === concurrency);
        return of.reduce((sum, r) => sum + r[key], 0) / of.length;
      };
      const ratio = mean('audited', 'perSecond') / mean('baseline', 'perSecond');
      console.log(
        `| ${concurrency} | ${mean('baseline', 'perSecond').toFixed(0)} | ${mean('audited', 'perSecond').toFixed(0)} | ${ratio.toFixed(3)} | ` +
          `${mean('baseline', 'p50').toFixed(1)} / ${mean('baseline', 'p95').toFixed(1)} | ${mean('audited', 'p50').toFixed(1)} / ${mean('audited', 'p95').toFixed(1)} |`,
      );
    }
    const chain = await verifyAuditChain(db);
    console.log(`\naudit chain after the run: ${JSON.stringify(chain)}`);
  } finally {
    await database.drop();
  }
});
