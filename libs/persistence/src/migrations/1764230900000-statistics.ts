import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * On-time statistics (docs/statistics.md): a task is placed in a period by the deadline first
 * given, so the statistics read tasks by `original_due_at`, across all units (a report of the
 * whole scope) or for the units of one subtree.
 */
export class Statistics1764230900000 implements MigrationInterface {
  name = 'Statistics1764230900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ix_tasks_original_due ON tasks (original_due_at)`);
    await db.query(`CREATE INDEX ix_tasks_unit_original_due ON tasks (unit_id, original_due_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_tasks_unit_original_due`);
    await db.query(`DROP INDEX ix_tasks_original_due`);
  }
}
