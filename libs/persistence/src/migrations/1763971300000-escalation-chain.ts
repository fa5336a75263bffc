import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Escalation up the chain: an escalation a coordinating body does not resolve within its own
 * grace period climbs to the coordinating body of the next level up, once per level.
 */
export class EscalationChain1763971300000 implements MigrationInterface {
  name = 'EscalationChain1763971300000';

  async up(db: QueryRunner): Promise<void> {
    // ISO-8601 duration; null means the default (two days).
    await db.query(`ALTER TABLE units ADD COLUMN escalation_grace text NULL`);
    await db.query(`ALTER TABLE escalations ADD COLUMN level integer NOT NULL DEFAULT 1`);
    await db.query(`ALTER TABLE escalations ADD COLUMN current_unit_id text NULL`);
    await db.query(`UPDATE escalations SET current_unit_id = coordinating_unit_id`);
    await db.query(`ALTER TABLE escalations ALTER COLUMN current_unit_id SET NOT NULL`);
    // One row per body an escalation has reached; level 1 is the coordinating body of the issuing level.
    await db.query(
      `CREATE TABLE escalation_levels (
         escalation_id uuid NOT NULL REFERENCES escalations(id),
         level integer NOT NULL,
         coordinating_unit_id text NOT NULL,
         opened_at timestamptz NOT NULL,
         CONSTRAINT pk_escalation_levels PRIMARY KEY (escalation_id, level)
       )`,
    );
    await db.query(`CREATE INDEX ix_escalation_levels_unit ON escalation_levels (coordinating_unit_id, escalation_id)`);
    await db.query(
      `INSERT INTO escalation_levels (escalation_id, level, coordinating_unit_id, opened_at)
       SELECT id, 1, coordinating_unit_id, opened_at FROM escalations`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS escalation_levels`);
    await db.query(`ALTER TABLE escalations DROP COLUMN IF EXISTS current_unit_id`);
    await db.query(`ALTER TABLE escalations DROP COLUMN IF EXISTS level`);
    await db.query(`ALTER TABLE units DROP COLUMN IF EXISTS escalation_grace`);
  }
}
