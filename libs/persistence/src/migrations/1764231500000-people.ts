import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (people, who handles a task, comments).
 *
 * `people`: one profile per person of a unit, keyed by `(unit_id, sub)`. A token's `sub` names a
 * person only within the issuer, and Dondoc's scope is per unit: someone moved to another unit is
 * a new profile there (the old one can be deactivated) rather than one row whose unit changes
 * under the tasks assigned in the old unit. A natural key also makes the first-use upsert a
 * single `INSERT … ON CONFLICT` with no id to look up. No foreign key to `units`: a token may
 * name a unit before the organisation is imported, and its person still gets a profile.
 * `first_seen_at` is null for a person an admin registered who has not signed in yet.
 *
 * `tasks.assignee`: the `sub` of the person of the task's unit who handles it, or null.
 *
 * `task_comments`: append-only talk about a task. An edit keeps the earlier texts in `history`
 * (a JSON array of `{ text, until }`, oldest first; edits are few and read with the comment),
 * a deletion leaves the row as a tombstone (`deleted_at`, text kept for the audit trail, not shown).
 */
export class People1764231500000 implements MigrationInterface {
  name = 'People1764231500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE people (
        unit_id text NOT NULL,
        sub text NOT NULL,
        display_name text,
        email text,
        roles_seen text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        first_seen_at timestamptz,
        last_seen_at timestamptz,
        registered_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (unit_id, sub),
        CONSTRAINT ck_people_sub CHECK (char_length(sub) BETWEEN 1 AND 200),
        CONSTRAINT ck_people_display_name CHECK (char_length(display_name) <= 320),
        CONSTRAINT ck_people_email CHECK (char_length(email) <= 320)
      )`);
    await db.query(`ALTER TABLE tasks ADD COLUMN assignee text NULL`);
    await db.query(`CREATE INDEX ix_tasks_unit_assignee_due ON tasks (unit_id, assignee, due_at)`);
    await db.query(`
      CREATE TABLE task_comments (
        id uuid PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id),
        author_sub text NOT NULL,
        author_unit_id text NOT NULL,
        text text NOT NULL,
        history jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz,
        CONSTRAINT ck_task_comments_text CHECK (char_length(text) BETWEEN 1 AND 10000)
      )`);
    await db.query(`CREATE INDEX ix_task_comments_task ON task_comments (task_id, created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE task_comments`);
    await db.query(`DROP INDEX ix_tasks_unit_assignee_due`);
    await db.query(`ALTER TABLE tasks DROP COLUMN assignee`);
    await db.query(`DROP TABLE people`);
  }
}
