import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scope per unit: a unit whose officers act for the units below it, and the indexes the API's
 * scope filters read through (the directives a body coordinates).
 */
export class Scope1764144000000 implements MigrationInterface {
  name = 'Scope1764144000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE units ADD COLUMN acts_for_sub_units boolean NOT NULL DEFAULT false`);
    await db.query(`CREATE INDEX ix_directives_coordinating_unit ON directives (coordinating_unit_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_directives_coordinating_unit`);
    await db.query(`ALTER TABLE units DROP COLUMN acts_for_sub_units`);
  }
}
