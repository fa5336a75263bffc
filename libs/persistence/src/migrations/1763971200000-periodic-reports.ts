import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Periodic reports: a recurring assignment has one task per period. `period` numbers them from 0
 * (null for a one-off task); `recurrence` (on every period's row) says how the series repeats.
 * A unit has one task per directive and period, so the old (directive, unit) constraint widens
 * to include the period, with null standing for the one-off task.
 */
export class PeriodicReports1763971200000 implements MigrationInterface {
  name = 'PeriodicReports1763971200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tasks ADD COLUMN period integer NULL CHECK (period >= 0)`);
    await db.query(`ALTER TABLE tasks ADD COLUMN recurrence jsonb NULL`);
    // An expression rather than NULLS NOT DISTINCT, so it also runs on PostgreSQL before 15.
    await db.query(
      `CREATE UNIQUE INDEX uq_tasks_directive_unit_period ON tasks (directive_id, unit_id, COALESCE(period, -1))`,
    );
    await db.query(`ALTER TABLE tasks DROP CONSTRAINT uq_tasks_directive_unit`);
  }

  async down(db: QueryRunner): Promise<void> {
    // The old constraint allows one task per unit and directive: later periods, and what hangs on them, go.
    const later = `SELECT id FROM tasks WHERE period > 0`;
    for (const table of ['task_events', 'notifications', 'escalations', 'extension_requests']) {
      await db.query(`DELETE FROM ${table} WHERE task_id IN (${later})`);
    }
    await db.query(`UPDATE directives SET parent_task_id = NULL WHERE parent_task_id IN (${later})`);
    await db.query(`DELETE FROM tasks WHERE period > 0`);
    await db.query(`ALTER TABLE tasks ADD CONSTRAINT uq_tasks_directive_unit UNIQUE (directive_id, unit_id)`);
    await db.query(`DROP INDEX IF EXISTS uq_tasks_directive_unit_period`);
    await db.query(`ALTER TABLE tasks DROP COLUMN IF EXISTS recurrence`);
    await db.query(`ALTER TABLE tasks DROP COLUMN IF EXISTS period`);
  }
}
