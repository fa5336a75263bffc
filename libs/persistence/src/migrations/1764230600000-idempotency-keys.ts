import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The `Idempotency-Key`s callers sent with changes, and the answers replayed to their repeats. */
export class IdempotencyKeys1764230600000 implements MigrationInterface {
  name = 'IdempotencyKeys1764230600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_keys (
        caller_sub text NOT NULL,
        caller_unit text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        owner text NOT NULL,
        locked_until timestamptz NOT NULL,
        response_status integer,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT pk_idempotency_keys PRIMARY KEY (caller_sub, caller_unit, key),
        CONSTRAINT ck_idempotency_keys_answer CHECK ((response_status IS NULL) = (response_body IS NULL))
      )`);
    await db.query(`CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_keys`);
  }
}
