import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: one row per state change, hash-chained (libs/audit). `seq` is numbered by the
 * writer under an advisory lock, gapless, so a missing number is a deleted record. A trigger
 * makes the table append-only for everyone without the rights to drop it; the chain catches
 * whoever has them.
 */
export class Audit1764057600000 implements MigrationInterface {
  name = 'Audit1764057600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE audit_records (
         seq bigint PRIMARY KEY CHECK (seq > 0),
         at timestamptz NOT NULL,
         actor text NOT NULL,
         unit_id text NULL,
         action text NOT NULL,
         target_type text NOT NULL,
         target_id text NOT NULL,
         before jsonb NULL,
         after jsonb NULL,
         request_id text NULL,
         prev_hash char(64) NOT NULL,
         hash char(64) NOT NULL,
         CONSTRAINT uq_audit_records_hash UNIQUE (hash)
       )`,
    );
    // The filters GET /audit will offer: by target, by person, by unit; newest first by seq.
    await db.query(`CREATE INDEX ix_audit_records_target ON audit_records (target_type, target_id, seq)`);
    await db.query(`CREATE INDEX ix_audit_records_actor ON audit_records (actor, seq)`);
    await db.query(`CREATE INDEX ix_audit_records_unit ON audit_records (unit_id, seq)`);
    await db.query(
      `CREATE FUNCTION dondoc_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'audit_records is append-only: % is not allowed', TG_OP;
       END
       $$`,
    );
    await db.query(
      `CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
       FOR EACH ROW EXECUTE FUNCTION dondoc_audit_append_only()`,
    );
    await db.query(
      `CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
       FOR EACH STATEMENT EXECUTE FUNCTION dondoc_audit_append_only()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS audit_records`);
    await db.query(`DROP FUNCTION IF EXISTS dondoc_audit_append_only()`);
  }
}
