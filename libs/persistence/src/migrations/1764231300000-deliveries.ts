import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deliveries (issue 11, docs/events.md "Dispatcher"): one row per outbox event and target (a
 * webhook subscription or an e-mail contact). The id is derived from the event id, the channel
 * and the target id, so a repeated fan-out inserts nothing new and the id can be the
 * `webhook-id` and the e-mail's Message-ID a receiver removes repeats by.
 *
 * The dispatcher claims due rows with a lease (`claimed_by`, `claimed_until`) under
 * `FOR UPDATE SKIP LOCKED`; the partial index holds only the rows still to send, in claim order.
 * `scheduled_for` keeps the notice's instant, `sent_at` when it really left (working hours may
 * hold it). No foreign keys: a delivery is a record of what was sent and outlives a deleted contact.
 */
export class Deliveries1764231300000 implements MigrationInterface {
  name = 'Deliveries1764231300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE deliveries (
        id text PRIMARY KEY,
        event_id text NOT NULL,
        event_type text NOT NULL,
        task_id uuid,
        unit_id text NOT NULL,
        channel text NOT NULL,
        target_id text NOT NULL,
        target text NOT NULL,
        endpoint text NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        scheduled_for timestamptz NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        first_attempt_at timestamptz,
        sent_at timestamptz,
        last_status text,
        last_error text,
        claimed_by text,
        claimed_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_deliveries_channel CHECK (channel IN ('webhook', 'email')),
        CONSTRAINT ck_deliveries_status CHECK (status IN ('pending', 'held', 'delivered', 'failed', 'cancelled')),
        CONSTRAINT ck_deliveries_claim CHECK ((claimed_by IS NULL) = (claimed_until IS NULL)),
        CONSTRAINT ck_deliveries_attempts CHECK (attempts >= 0),
        CONSTRAINT uq_deliveries_event_target UNIQUE (event_id, channel, target_id)
      )`);
    await db.query(
      `CREATE INDEX ix_deliveries_due ON deliveries (next_attempt_at, id) WHERE status IN ('pending', 'held')`,
    );
    await db.query(`CREATE INDEX ix_deliveries_target ON deliveries (target_id, created_at, id)`);
    await db.query(`CREATE INDEX ix_deliveries_task ON deliveries (task_id, event_id)`);
    await db.query(`CREATE INDEX ix_deliveries_failed ON deliveries (unit_id) WHERE status = 'failed'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE deliveries`);
  }
}
