import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who is told (issue 11, docs/events.md): a unit's e-mail contacts, the webhook subscriptions of
 * the API clients that act for it, and the inbox's read state per person.
 *
 * A contact's address is unique per unit whatever its case, so a unit never mails one person
 * twice. A subscription keeps its previous secret until `previous_secret_until`, so a receiver
 * verifies with either while it rolls over (Standard Webhooks sends one signature per secret).
 * The read state is keyed by the notice and the token's subject: one person reading does not
 * read it for the rest of the unit. The partial index holds only the subscriptions that receive,
 * which is what the dispatcher looks up per event.
 */
export class ContactsWebhooks1764231200000 implements MigrationInterface {
  name = 'ContactsWebhooks1764231200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE unit_contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id text NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        name text NOT NULL,
        email text NOT NULL,
        topics text[] NOT NULL,
        mode text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_unit_contacts_mode CHECK (mode IN ('each', 'digest')),
        CONSTRAINT ck_unit_contacts_topics CHECK (
          cardinality(topics) > 0
          AND (topics = ARRAY['all']::text[]
            OR topics <@ ARRAY['assigned', 'reminder', 'overdue', 'returned', 'escalation', 'withdrawn']::text[])
        )
      )`);
    await db.query(`CREATE UNIQUE INDEX ux_unit_contacts_unit_email ON unit_contacts (unit_id, lower(email))`);

    await db.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id text NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        previous_secret text NULL,
        previous_secret_until timestamptz NULL,
        status text NOT NULL DEFAULT 'active',
        disabled_reason text NULL,
        disabled_at timestamptz NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_webhook_subscriptions_status CHECK (status IN ('active', 'disabled')),
        CONSTRAINT ck_webhook_subscriptions_events CHECK (cardinality(events) > 0 AND NOT ('ping' = ANY (events))),
        CONSTRAINT ck_webhook_subscriptions_secret CHECK (secret LIKE 'whsec\\_%'),
        CONSTRAINT ck_webhook_subscriptions_previous_secret
          CHECK ((previous_secret IS NULL) = (previous_secret_until IS NULL)),
        CONSTRAINT ck_webhook_subscriptions_disabled CHECK ((status = 'disabled') = (disabled_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX ix_webhook_subscriptions_unit ON webhook_subscriptions (unit_id, created_at)`);
    await db.query(
      `CREATE INDEX ix_webhook_subscriptions_active ON webhook_subscriptions (unit_id) WHERE status = 'active'`,
    );

    await db.query(`
      CREATE TABLE notification_reads (
        notification_id text NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
        reader text NOT NULL,
        read_at timestamptz NOT NULL,
        CONSTRAINT pk_notification_reads PRIMARY KEY (notification_id, reader)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notification_reads`);
    await db.query(`DROP TABLE webhook_subscriptions`);
    await db.query(`DROP TABLE unit_contacts`);
  }
}
