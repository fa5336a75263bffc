/**
 * The chain's head on a real PostgreSQL: the migration seeds it from the records the previous
 * writer left (so they stay the chain and the next record follows them), and many appends at once
 * from two connection pools (two processes) still give one gap-free chain that verifies, each
 * record's time read once the head was locked, so time never goes backwards along the chain.
 */
import type { DataSource } from 'typeorm';
import { appendAuditRecord, chainRecord, verifyAuditChain, type AuditEntry, type AuditRecord } from '@dondoc/audit';
import { createDataSource } from '@dondoc/persistence';
import { AuditChainHead1765000000000 } from '../../libs/persistence/src/migrations/1765000000000-audit-chain-head';
import { useTestDatabase } from './support/database';

const database = useTestDatabase({ poolSize: 10 });

function entry(i: number, at?: Date): AuditEntry {
  return {
    actor: i % 4 === 0 ? 'system' : `can.bo.${i % 3}`,
    unitId: i % 4 === 0 ? null : 'bac-kan-city/ubnd',
    action: 'task.progress',
    targetType: 'task',
    targetId: `task-${i}`,
    before: { status: 'acknowledged', progressPercent: i },
    after: { status: 'in_progress', progressPercent: i + 1, note: `Báo cáo tiến độ lần ${i}: "đúng hạn"` },
    requestId: i % 4 === 0 ? null : `req-${i}`,
    ...(at === undefined ? {} : { at }),
  };
}

/** Writes records as the writer before the head did: hashed in Node, inserted one by one. */
async function appendAsBefore(db: DataSource, count: number): Promise<AuditRecord> {
  let previous: AuditRecord | null = null;
  for (let i = 0; i < count; i += 1) {
    const record: AuditRecord = chainRecord(previous, entry(i), new Date(Date.UTC(2026, 10, 1, 8, 0, i)));
    await db.query(
      `INSERT INTO audit_records (seq, at, actor, unit_id, action, target_type, target_id, before, after, request_id, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        record.seq,
        record.at,
        record.actor,
        record.unitId,
        record.action,
        record.targetType,
        record.targetId,
        JSON.stringify(record.before),
        JSON.stringify(record.after),
        record.requestId,
        record.prevHash,
        record.hash,
      ],
    );
    previous = record;
  }
  if (previous === null) throw new Error('no record written');
  return previous;
}

describe('the audit chain head', () => {
  let secondProcess: DataSource;

  beforeAll(async () => {
    secondProcess = createDataSource(database.url, { extra: { max: 10 }, logging: false });
    await secondProcess.initialize();
  });

  afterAll(async () => {
    if (secondProcess?.isInitialized) await secondProcess.destroy();
  });

  it('is seeded from the last record the previous writer left, and the next append follows it', async () => {
    const migration = new AuditChainHead1765000000000();
    const runner = database.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      const last = await appendAsBefore(database.dataSource, 25);
      await runner.startTransaction();
      await migration.up(runner);
      await runner.commitTransaction();
      const [head] = await database.dataSource.query<{ seq: string; hash: string }[]>(
        `SELECT seq, hash FROM audit_chain_head`,
      );
      expect(head).toEqual({ seq: '25', hash: last.hash });
    } finally {
      await runner.release();
    }

    const next = await database.dataSource.transaction((manager) => appendAuditRecord(manager, entry(25)));
    expect(next).toMatchObject({ seq: 26, prevHash: (await lastOf(database.dataSource, 25)).hash });
    await expect(verifyAuditChain(database.dataSource)).resolves.toMatchObject({
      intact: true,
      count: 26,
      lastHash: next.hash,
    });
  });

  it('numbers many concurrent appends from two processes without gaps, and the chain verifies', async () => {
    const appends = 200;
    const given = new Date(Date.UTC(2026, 11, 6, 7, 30, 0, 123));
    const written = await Promise.all(
      Array.from({ length: appends }, (_, i) =>
        (i % 2 === 0 ? database.dataSource : secondProcess).transaction((manager) =>
          // Every fifth brings its own time (a task change's occurredAt); the others take the head's.
          appendAuditRecord(manager, entry(100 + i, i % 5 === 0 ? given : undefined)),
        ),
      ),
    );
    // What the writer answers is what was stored, hash included.
    const rows = await database.dataSource.query<{ seq: string; at: Date; target_id: string; hash: string }[]>(
      `SELECT seq, at, target_id, hash FROM audit_records WHERE seq > 26 ORDER BY seq`,
    );
    expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: appends }, (_, i) => 27 + i));
    const bySeq = new Map(written.map((record) => [record.seq, record]));
    for (const row of rows) {
      expect(bySeq.get(Number(row.seq))).toMatchObject({ hash: row.hash, targetId: row.target_id });
    }
    expect(written.filter((record) => record.at === given.toISOString())).toHaveLength(appends / 5);
    // The head's clock is read once its row is locked: along the chain, time never goes back.
    const clocked = rows.filter((row) => row.at.getTime() !== given.getTime()).map((row) => row.at.getTime());
    expect(clocked).toEqual([...clocked].sort((a, b) => a - b));

    await expect(verifyAuditChain(database.dataSource, 33)).resolves.toMatchObject({
      intact: true,
      count: 26 + appends,
    });
    const [head] = await database.dataSource.query<{ seq: string; hash: string }[]>(
      `SELECT seq, hash FROM audit_chain_head`,
    );
    expect(head).toEqual({ seq: String(26 + appends), hash: rows[rows.length - 1]!.hash });
  });

  it('leaves the head where it was when the append rolls back', async () => {
    const [before] = await database.dataSource.query<{ seq: string; hash: string }[]>(
      `SELECT seq, hash FROM audit_chain_head`,
    );
    await expect(
      database.dataSource.transaction(async (manager) => {
        await appendAuditRecord(manager, entry(999));
        throw new Error('the change this record describes failed');
      }),
    ).rejects.toThrow('failed');
    await expect(database.dataSource.query(`SELECT seq, hash FROM audit_chain_head`)).resolves.toEqual([before]);
    const next = await database.dataSource.transaction((manager) => appendAuditRecord(manager, entry(1000)));
    expect(next.seq).toBe(Number(before!.seq) + 1);
    expect(next.prevHash).toBe(before!.hash);
    await expect(verifyAuditChain(database.dataSource)).resolves.toMatchObject({ intact: true });
  });
});

async function lastOf(db: DataSource, seq: number): Promise<{ hash: string }> {
  const [row] = await db.query<{ hash: string }[]>(`SELECT hash FROM audit_records WHERE seq = $1`, [seq]);
  if (row === undefined) throw new Error(`record ${seq} is missing`);
  return row;
}
