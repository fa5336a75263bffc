import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks are listed only once their workflow runs (apps/api/src/tasks/listed.ts): the officer's
 * list (by unit) and a directive's list read through partial indexes carrying that predicate,
 * in the lists' own order, so the condition costs them nothing.
 *
 * No row needs changing: `activated_at` has been written since the first schema, right after a
 * task's workflow started (by its shard, or by the activity that starts a period task), so every
 * task whose workflow runs already has it.
 */
export class ListedTasks1764230700000 implements MigrationInterface {
  name = 'ListedTasks1764230700000';

  async up(db: QueryRunner): Promise<void> {
    const listed = `(activated_at IS NOT NULL OR status = 'cancelled')`;
    await db.query(`CREATE INDEX ix_tasks_listed_unit_due ON tasks (unit_id, due_at, id) WHERE ${listed}`);
    await db.query(`CREATE INDEX ix_tasks_listed_directive_due ON tasks (directive_id, due_at, id) WHERE ${listed}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_tasks_listed_directive_due`);
    await db.query(`DROP INDEX ix_tasks_listed_unit_due`);
  }
}
