import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox (issue 11, docs/events.md "Outbox"): each event of the catalogue is
 * written in the same transaction as the task change that caused it, keyed by the catalogue's
 * stable event id, so a retried projection writes it once and a refused one not at all.
 *
 * The dispatcher claims rows with a lease (`claimed_by`, `claimed_until`) under
 * `FOR UPDATE SKIP LOCKED`; a worker that dies leaves a lease that lapses and is claimed again.
 * The partial index holds only the rows still to dispatch, in the order they are claimed, so the
 * claim stays cheap however large the dispatched history grows. No foreign keys: an event is a
 * record of what happened and outlives nothing it names (a `ping` names no task at all).
 */
export class Outbox1764231050000 implements MigrationInterface {
  name = 'Outbox1764231050000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbox_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        version integer NOT NULL,
        task_id uuid,
        directive_id uuid,
        unit_id text,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        claimed_by text,
        claimed_until timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        CONSTRAINT ck_outbox_events_claim CHECK ((claimed_by IS NULL) = (claimed_until IS NULL)),
        CONSTRAINT ck_outbox_events_attempts CHECK (attempts >= 0)
      )`);
    await db.query(
      `CREATE INDEX ix_outbox_events_pending ON outbox_events (available_at, id) WHERE dispatched_at IS NULL`,
    );
    await db.query(`CREATE INDEX ix_outbox_events_task ON outbox_events (task_id, occurred_at)`);
    await db.query(`CREATE INDEX ix_outbox_events_unit ON outbox_events (unit_id, created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outbox_events`);
  }
}
