/**
 * Appending to and reading the chain in PostgreSQL (table `audit_records`, migration
 * 1764057600000-audit). Appends are serialised by the one row of `audit_chain_head` (migration
 * 1765000000000-audit-chain-head), a copy of the last record's link: one statement advances it and
 * inserts the record hashed onto it, so the chain's lock is held for that statement and the commit.
 */
import type { EntityManager } from 'typeorm';
import { toJsonValue } from './canonical';
import { ChainVerifier, entryContent, type AuditEntry, type AuditRecord, type ChainBreak } from './chain';
import { recordTemplate } from './chain-template';

/**
 * Counts the transactions waiting for the chain's head (to report how much the lock binds): a
 * backend waiting on a lock while it holds one on `audit_chain_head` waits for the head's row,
 * since the append is the last statement of its transaction.
 */
export const AUDIT_CHAIN_WAITERS_QUERY = `SELECT count(DISTINCT a.pid) AS n
  FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
  WHERE a.datname = current_database() AND a.wait_event_type = 'Lock'
    AND l.locktype = 'relation' AND l.relation = 'audit_chain_head'::regclass`;

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

/** Thrown when the chain's head row is missing: no record may be appended until it is restored. */
export class AuditChainHeadMissingError extends Error {
  override readonly name = 'AuditChainHeadMissingError';
  constructor() {
    super('audit_chain_head has no row: seed it from the last record of audit_records (migration 1765000000000)');
  }
}

/**
 * Advances the head and inserts the record in one statement. The head's row lock is the chain's
 * lock; under READ COMMITTED an UPDATE that waited for it re-reads the row the previous append
 * committed, so the seq, the previous hash and the time (PostgreSQL's clock, read once the row is
 * locked, unless the entry brings its own) are the latest. The hash is SHA-256 over the canonical
 * text cut by {@link recordTemplate}, its holes filled in the same order. Pieces are sent as
 * bytes (UTF-8, as the verifier hashes them), so the database's encoding cannot change them.
 */
const APPEND = `
WITH head AS (
  UPDATE audit_chain_head h
     SET (seq, at, prev_hash, hash) = (
       SELECT h.seq + 1, next.at, h.hash,
              encode(sha256($1::bytea || convert_to(next.at_text, 'UTF8') || $2::bytea || convert_to(h.hash, 'UTF8')
                            || $3::bytea || convert_to((h.seq + 1)::text, 'UTF8') || $4::bytea), 'hex')
       FROM (SELECT stamp.at,
                    COALESCE($5::text, to_char(stamp.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS at_text
             -- Refers to h so it is evaluated for the row as locked, not once before the wait.
             FROM (SELECT COALESCE($5::text::timestamptz, date_trunc('milliseconds', clock_timestamp())) AS at
                   WHERE h.id) stamp) next)
   WHERE h.id
  RETURNING h.seq, h.at, h.prev_hash, h.hash
)
INSERT INTO audit_records (seq, at, actor, unit_id, action, target_type, target_id, before, after, request_id, prev_hash, hash)
SELECT head.seq, head.at, $6, $7, $8, $9, $10, $11, $12, $13, head.prev_hash, head.hash FROM head
RETURNING seq, at, prev_hash, hash`;

/**
 * Appends one record in the caller's transaction, so the audit record commits (or rolls back)
 * with the change it describes. The chain's lock (the head's row) is held until that transaction
 * ends: append as the last statement of a transaction, and keep the transaction short. Needs READ
 * COMMITTED (the default) so the head is read after the lock is taken; under a stricter isolation
 * an append that waited fails with a serialization error instead of forking the chain.
 */
export async function appendAuditRecord(manager: EntityManager, entry: AuditEntry): Promise<AuditRecord> {
  if (manager.queryRunner?.isTransactionActive !== true) throw new AuditOutsideTransactionError();
  const given = entry.at === undefined ? null : new Date(entry.at);
  if (given !== null && Number.isNaN(given.getTime()))
    throw new TypeError(`audit entry time ${String(entry.at)} is not a date`);
  const content = {
    ...entryContent(entry),
    before: toJsonValue(entry.before),
    after: toJsonValue(entry.after),
  };
  const template = recordTemplate(content);
  const rows = (await manager.query(APPEND, [
    Buffer.from(template.beforeAt, 'utf8'),
    Buffer.from(template.beforePrevHash, 'utf8'),
    Buffer.from(template.beforeSeq, 'utf8'),
    Buffer.from(template.afterSeq, 'utf8'),
    given === null ? null : given.toISOString(),
    content.actor,
    content.unitId,
    content.action,
    content.targetType,
    content.targetId,
    content.before === null ? null : JSON.stringify(content.before),
    content.after === null ? null : JSON.stringify(content.after),
    content.requestId,
  ])) as { seq: string; at: Date; prev_hash: string; hash: string }[];
  const row = rows[0];
  if (row === undefined) throw new AuditChainHeadMissingError();
  return { ...content, seq: Number(row.seq), at: row.at.toISOString(), prevHash: row.prev_hash, hash: row.hash };
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
