/**
 * What GET /audit/verification costs: checking a chain of N records a segment at a time
 * (`verifyAuditChainSegment`, the check of `npm run audit:verify`), beside the same pages read
 * without hashing (the baseline: what the database alone costs), in one run, alternating.
 * PostgreSQL only: the database is created for the run, filled with a valid chain, and dropped.
 *
 *   npm run bench:audit-verify                 # 100,000 records, segments of 100,000
 *   BENCH_RECORDS=300000 BENCH_SEGMENT=100000 npm run bench:audit-verify
 */
import type { DataSource } from 'typeorm';
import { chainRecord, verifyAuditChainSegment, type AuditRecord } from '@dondoc/audit';
import { createTestDatabase } from '../../test/integration/support/throwaway-database';
import { runBench } from '../support/run-bench';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const SEGMENT = Number(process.env.BENCH_SEGMENT ?? 100_000);
const ROUNDS = 3;

/** A valid chain of `count` records shaped like a task change (a before and an after of a few fields). */
async function seedChain(db: DataSource, count: number): Promise<void> {
  let previous: Pick<AuditRecord, 'seq' | 'hash'> | null = null;
  const start = Date.now() - count * 1000;
  for (let from = 0; from < count; from += 1000) {
    const rows: AuditRecord[] = [];
    for (let i = from; i < Math.min(from + 1000, count); i += 1) {
      const record: AuditRecord = chainRecord(
        previous,
        {
          actor: 'can.bo',
          unitId: 'bac-kan-city/ubnd',
          action: 'task.progress',
          targetType: 'task',
          targetId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          before: { status: 'in_progress', percent: 40 },
          after: { status: 'in_progress', percent: 60, note: 'Đã họp triển khai với các phòng' },
          requestId: `req-${i}`,
        },
        new Date(start + i * 1000),
      );
      rows.push(record);
      previous = record;
    }
    const values: unknown[] = [];
    const tuples = rows.map((r, i) => {
      values.push(r.seq, r.at, r.actor, r.unitId, r.action, r.targetType, r.targetId);
      values.push(JSON.stringify(r.before), JSON.stringify(r.after), r.requestId, r.prevHash, r.hash);
      return `(${Array.from({ length: 12 }, (_, k) => `$${i * 12 + k + 1}`).join(', ')})`;
    });
    await db.query(
      `INSERT INTO audit_records (seq, at, actor, unit_id, action, target_type, target_id, before, after, request_id, prev_hash, hash)
       VALUES ${tuples.join(', ')}`,
      values,
    );
  }
}

/** The baseline: the same pages, in the same order, read and mapped but not hashed. */
async function readOnly(db: DataSource): Promise<number> {
  let after = 0;
  let read = 0;
  for (;;) {
    const rows = await db.query<{ seq: string }[]>(
      `SELECT seq, at, actor, unit_id, action, target_type, target_id, before, after, request_id, prev_hash, hash
       FROM audit_records WHERE seq > $1 ORDER BY seq LIMIT 1000`,
      [after],
    );
    read += rows.length;
    if (rows.length < 1000) return read;
    after = Number(rows[rows.length - 1]!.seq);
  }
}

/** The whole chain through the endpoint's function, segment after segment. */
async function verifyAll(db: DataSource): Promise<number> {
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const segment = await verifyAuditChainSegment(db, afterSeq, SEGMENT);
    if (segment === null || !segment.intact)
      throw new Error(`the seeded chain does not verify: ${JSON.stringify(segment)}`);
    checked += segment.count;
    if (segment.complete) return checked;
    afterSeq = segment.lastSeq;
  }
}

async function timed(run: () => Promise<number>): Promise<{ ms: number; records: number }> {
  const started = performance.now();
  const records = await run();
  return { ms: performance.now() - started, records };
}

runBench(async () => {
  // A migrated database of its own on DATABASE_URL's server, dropped after the run.
  const database = await createTestDatabase({ label: 'bench-audit-verify', poolSize: 2 });
  const db = database.dataSource;
  try {
    await seedChain(db, RECORDS);
    console.log(`audit verification: ${RECORDS} records, segments of ${SEGMENT}; ${ROUNDS} rounds, alternating`);
    const results: { mode: 'read only' | 'verify'; ms: number; records: number }[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? (['read only', 'verify'] as const) : (['verify', 'read only'] as const);
      for (const mode of order)
        results.push({ mode, ...(await timed(() => (mode === 'verify' ? verifyAll(db) : readOnly(db)))) });
    }
    const median = (mode: 'read only' | 'verify'): number => {
      const times = results
        .filter((r) => r.mode === mode)
        .map((r) => r.ms)
        .sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)]!;
    };
    const [read, verify] = [median('read only'), median('verify')];
    console.log('\n| what | median ms | records/s |');
    console.log('|---|---|---|');
    console.log(`| read only (baseline) | ${read.toFixed(0)} | ${((RECORDS / read) * 1000).toFixed(0)} |`);
    console.log(
      `| verify (GET /audit/verification) | ${verify.toFixed(0)} | ${((RECORDS / verify) * 1000).toFixed(0)} |`,
    );
    console.log(`ratio verify / read only: ${(verify / read).toFixed(2)}`);
  } finally {
    await database.drop();
  }
});
