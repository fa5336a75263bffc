import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cascade: a directive may implement a task of another directive (a unit carrying out its
 * part by issuing its own directive to the units below it).
 */
export class Cascade1763884800000 implements MigrationInterface {
  name = 'Cascade1763884800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE directives ADD COLUMN parent_task_id uuid NULL REFERENCES tasks(id)`);
    // By default a task cannot be submitted while a directive implementing it has open lead tasks.
    await db.query(`ALTER TABLE directives ADD COLUMN gates_parent_submission boolean NOT NULL DEFAULT true`);
    await db.query(`CREATE INDEX ix_directives_parent_task ON directives (parent_task_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS ix_directives_parent_task`);
    await db.query(`ALTER TABLE directives DROP COLUMN IF EXISTS gates_parent_submission`);
    await db.query(`ALTER TABLE directives DROP COLUMN IF EXISTS parent_task_id`);
  }
}
