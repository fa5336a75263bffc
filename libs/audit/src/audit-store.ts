/**
 * Appending to and reading the chain in PostgreSQL (table `audit_records`, migration
 * 1764057600000-audit). Appends are serialised by a transaction-scoped advisory lock, so the
 * record read as "last" is still last when the new one is inserted.
 */
import type { EntityManager } from 'typeorm';
import { toJsonValue } from './canonical';
import { chainRecord, ChainVerifier, type AuditEntry, type AuditRecord, type ChainBreak } from './chain';

/** Advisory lock key of the audit chain ("dondoc" in ASCII); no other Dondoc lock uses it. */
export const AUDIT_CHAIN_LOCK_KEY = '110429756223331';

/** Something that runs SQL and returns rows: a TypeORM EntityManager or DataSource. */
export type SqlRunner = Pick<EntityManager, 'query'>;

/** Thrown when an append is attempted outside a transaction, where the lock would not hold. */
export class AuditOutsideTransactionError extends Error {
  override readonly name = 'AuditOutsideTransactionError';
  constructor() {
    super(
      'appendAuditRecord must run inside a transaction (dataSource.transaction(…)); outside one the chain lock is released at once',
    );
  }
}

/**
 * Appends one record in the caller's transaction, so the audit record commits (or rolls back)
 * with the change it describes. The chain lock is held until that transaction ends: append as
 * the last statement of a transaction, and keep the transaction short. Needs READ COMMITTED (the
 * default) so the last record is read after the lock is taken; under a stricter isolation a stale
 * read fails on the primary key instead of forking the chain.
 */
export async function appendAuditRecord(manager: EntityManager, entry: AuditEntry): Promise<AuditRecord> {
  if (manager.queryRunner?.isTransactionActive !== true) throw new AuditOutsideTransactionError();
  await manager.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [AUDIT_CHAIN_LOCK_KEY]);
  const last = (await manager.query(`SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1`)) as {
    seq: string;
    hash: string;
  }[];
  const previous = last[0] === undefined ? null : { seq: Number(last[0].seq), hash: last[0].hash };
  const at = entry.at === undefined ? new Date() : new Date(entry.at);
  if (Number.isNaN(at.getTime())) throw new TypeError(`audit entry time ${String(entry.at)} is not a date`);
  const record = chainRecord(
    previous,
    { ...entry, before: toJsonValue(entry.before), after: toJsonValue(entry.after) },
    at,
  );
  await manager.query(
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
      record.before === null ? null : JSON.stringify(record.before),
      record.after === null ? null : JSON.stringify(record.after),
      record.requestId,
      record.prevHash,
      record.hash,
    ],
  );
  return record;
}

/** A row of audit_records as the pg driver returns it. */
interface AuditRow {
  seq: string;
  at: Date;
  actor: string;
  unit_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  before: AuditRecord['before'];
  after: AuditRecord['after'];
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/** Maps a stored row to a record. */
export function recordFromRow(row: AuditRow): AuditRecord {
  return {
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actor: row.actor,
    unitId: row.unit_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before,
    after: row.after,
    requestId: row.request_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The outcome of {@link verifyAuditChain}. */
export type ChainVerification =
  { intact: true; count: number; lastHash: string } | ({ intact: false; verified: number } & ChainBreak);

/**
 * Reads the whole chain in `seq` order, a page at a time, and stops at the first record that
 * does not verify. Records appended while it runs are checked too if they arrive before the end.
 */
export async function verifyAuditChain(db: SqlRunner, pageSize = 1000): Promise<ChainVerification> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const rows = (await db.query(
      `SELECT seq, at, actor, unit_id, action, target_type, target_id, before, after, request_id, prev_hash, hash
       FROM audit_records WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, pageSize],
    )) as AuditRow[];
    for (const row of rows) {
      const broken = verifier.check(recordFromRow(row));
      if (broken !== null) return { intact: false, verified: verifier.count, ...broken };
    }
    if (rows.length < pageSize) return { intact: true, count: verifier.count, lastHash: verifier.lastHash };
    after = Number(rows[rows.length - 1]!.seq);
  }
}

/** The outcome of {@link verifyAuditChainSegment}: a verification of at most `maxRecords` records. */
export type SegmentVerification = ChainVerification & {
  /** The record the check started after (0: the start of the chain). */
  afterSeq: number;
  /** The last record checked and found intact; `afterSeq` when none was. */
  lastSeq: number;
  /** True when the check reached the chain's last record (or a break); false when it stopped at `maxRecords`. */
  complete: boolean;
};

/**
 * Verifies up to `maxRecords` records after record `afterSeq`, taking that record's stored hash as
 * verified (a previous segment checked it), so a long chain is checked in bounded requests. Reads
 * a page at a time, like {@link verifyAuditChain}. Resolves null when record `afterSeq` does not exist.
 */
export async function verifyAuditChainSegment(
  db: SqlRunner,
  afterSeq: number,
  maxRecords: number,
  pageSize = 1000,
): Promise<SegmentVerification | null> {
  let anchor: Pick<AuditRecord, 'seq' | 'hash'> | null = null;
  if (afterSeq > 0) {
    const found = (await db.query(`SELECT seq, hash FROM audit_records WHERE seq = $1`, [afterSeq])) as {
      seq: string;
      hash: string;
    }[];
    const row = found[0];
    if (row === undefined) return null;
    anchor = { seq: Number(row.seq), hash: row.hash };
  }
  const verifier = new ChainVerifier(anchor);
  let after = afterSeq;
  for (;;) {
    const limit = Math.min(pageSize, maxRecords - verifier.count);
    const rows = (await db.query(
      `SELECT seq, at, actor, unit_id, action, target_type, target_id, before, after, request_id, prev_hash, hash
       FROM audit_records WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, limit],
    )) as AuditRow[];
    for (const row of rows) {
      const broken = verifier.check(recordFromRow(row));
      if (broken !== null)
        return { intact: false, verified: verifier.count, ...broken, afterSeq, lastSeq: after, complete: true };
      after = Number(row.seq);
    }
    const ended = rows.length < limit;
    if (ended || verifier.count >= maxRecords) {
      return {
        intact: true,
        count: verifier.count,
        lastHash: verifier.lastHash,
        afterSeq,
        lastSeq: after,
        // Stopped exactly at the limit: the chain ended only if no record follows.
        complete: ended || !(await hasRecordAfter(db, after)),
      };
    }
  }
}

async function hasRecordAfter(db: SqlRunner, seq: number): Promise<boolean> {
  const rows = (await db.query(`SELECT 1 FROM audit_records WHERE seq > $1 LIMIT 1`, [seq])) as unknown[];
  return rows.length > 0;
}
