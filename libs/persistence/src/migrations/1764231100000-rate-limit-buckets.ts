import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate limit's token buckets when they are shared by every API replica
 * (DONDOC_RATE_LIMIT_STORE=postgres): one row per identity seen within the last window.
 * Unlogged: a lost bucket after a crash is a full one, which is harmless, and every request
 * writes here, so skipping the WAL matters.
 */
export class RateLimitBuckets1764231100000 implements MigrationInterface {
  name = 'RateLimitBuckets1764231100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE UNLOGGED TABLE rate_limit_buckets (
        key text NOT NULL,
        tokens double precision NOT NULL,
        taken boolean NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT pk_rate_limit_buckets PRIMARY KEY (key)
      )`);
    await db.query(`CREATE INDEX ix_rate_limit_buckets_updated_at ON rate_limit_buckets (updated_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rate_limit_buckets`);
  }
}
