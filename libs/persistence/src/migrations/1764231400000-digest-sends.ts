import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily digest's record (issue 11): one row per contact and day, written before the e-mail is
 * sent and locked while it is, so a retried activity never sends a digest twice. Its own table
 * rather than `deliveries`: a digest is caused by the day, not by an outbox event, and has no
 * retry schedule of its own (the digest workflow's activity retries). The contact's address is
 * kept as it was that day; deleting the contact deletes its record.
 */
export class DigestSends1764231400000 implements MigrationInterface {
  name = 'DigestSends1764231400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE digest_sends (
        contact_id uuid NOT NULL REFERENCES unit_contacts(id) ON DELETE CASCADE,
        digest_date date NOT NULL,
        email text NOT NULL,
        status text NOT NULL,
        smtp_reply text NULL,
        sent_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_digest_sends PRIMARY KEY (contact_id, digest_date),
        CONSTRAINT ck_digest_sends_status CHECK (status IN ('pending', 'sent', 'rejected'))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE digest_sends`);
  }
}
