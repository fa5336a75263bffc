import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files attached to a task (issue 13). The bytes live in the blob store under their SHA-256;
 * a row is written only after its blob is, so a row never names a missing blob, and the sweep
 * keeps every blob some row names. A deletion is soft (`deleted_at`): the audit trail and a
 * submission that named the file keep their meaning. `frozen_by_submission` is the task event
 * of the submission that named it: from then on it cannot be deleted.
 */
export class Attachments1764231600000 implements MigrationInterface {
  name = 'Attachments1764231600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks (id),
        sha256 char(64) NOT NULL,
        size bigint NOT NULL,
        content_type text NOT NULL,
        file_name text NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_by_unit_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        deleted_by text,
        frozen_by_submission text,
        submitted_at timestamptz,
        CONSTRAINT ck_attachments_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT ck_attachments_size CHECK (size > 0),
        CONSTRAINT ck_attachments_frozen CHECK ((frozen_by_submission IS NULL) = (submitted_at IS NULL)),
        CONSTRAINT ck_attachments_not_deleted_when_frozen CHECK (deleted_at IS NULL OR frozen_by_submission IS NULL)
      )`);
    await db.query(`CREATE INDEX ix_attachments_task ON attachments (task_id, created_at, id)`);
    await db.query(`CREATE INDEX ix_attachments_sha256 ON attachments (sha256)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE attachments`);
  }
}
