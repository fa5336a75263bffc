import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The advisory lock the writers before this migration took to append (libs/audit, "dondoc" in ASCII). */
const OLD_CHAIN_LOCK_KEY = '110429756223331';

/**
 * The audit chain's head: one row holding a copy of the last record's link (seq, time, previous
 * hash, hash). An append updates it and inserts the record in one statement, the row's lock being
 * the chain's lock, where the writer used to take an advisory lock, read the tail and insert (three
 * round trips under the lock). Seeded from the current tail, so existing records stay the chain
 * and the next record follows the last one.
 *
 * Deploy with no writer of the previous version running: one that appends after the seed moves
 * the tail past the head, and every later append then fails on audit_records' primary key (the
 * chain never forks) until the head is seeded again with this migration's INSERT … SELECT.
 */
export class AuditChainHead1765000000000 implements MigrationInterface {
  name = 'AuditChainHead1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE audit_chain_head (
         id boolean PRIMARY KEY DEFAULT true CHECK (id),
         seq bigint NOT NULL CHECK (seq >= 0),
         at timestamptz NULL,
         prev_hash char(64) NULL,
         hash char(64) NOT NULL
       )`,
    );
    // An append of the previous version still in its transaction finishes before the tail is read.
    await db.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [OLD_CHAIN_LOCK_KEY]);
    await db.query(
      `INSERT INTO audit_chain_head (seq, at, prev_hash, hash)
       SELECT seq, at, prev_hash, hash FROM audit_records ORDER BY seq DESC LIMIT 1`,
    );
    // An empty chain: the first record's prev_hash is the genesis hash (libs/audit GENESIS_HASH).
    await db.query(
      `INSERT INTO audit_chain_head (seq, hash) SELECT 0, repeat('0', 64) WHERE NOT EXISTS (SELECT 1 FROM audit_chain_head)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS audit_chain_head`);
  }
}
