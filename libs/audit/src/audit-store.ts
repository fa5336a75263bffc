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
