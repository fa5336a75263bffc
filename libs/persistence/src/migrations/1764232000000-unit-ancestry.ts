import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Deeper than any real tree; a walk stops there should a loop ever reach the table. */
const MAX_DEPTH = 64;

/**
 * Each unit's ancestry (the ids from the root down to itself), kept by the database, so "every
 * unit below X" is one index lookup (`ancestry @> ARRAY[X]`) instead of a walk of the tree on
 * every request and a list of thousands of ids sent back with each query (an officer acting for
 * 10,000 sub-units listed tasks in 2.2 s).
 *
 * A trigger keeps it, so every writer (the API's import, scripts, tests' seeds) is covered. It
 * runs at commit (deferred, like the parent foreign key) because an import may write children
 * before their parents; it recomputes the unit's own ancestry by walking up the parent ids, and
 * when that changed, its subtree's by walking down, so the order the rows' triggers run in does
 * not matter and a unit moved under another parent carries its subtree along.
 */
export class UnitAncestry1764232000000 implements MigrationInterface {
  name = 'UnitAncestry1764232000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE units ADD COLUMN ancestry text[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      CREATE FUNCTION units_refresh_ancestry() RETURNS trigger LANGUAGE plpgsql
      -- Index lookups whatever the statistics say: a table filled in this very transaction looks
      -- empty to the planner, which then scans it whole for every step of every walk (an import
      -- of 10,000 units took minutes to commit that way instead of seconds).
      SET enable_seqscan = off
      AS $$
      DECLARE
        own text[];
      BEGIN
        WITH RECURSIVE up(id, parent_id, depth) AS (
          SELECT id, parent_id, 0 FROM units WHERE id = NEW.id
          UNION ALL
          SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < ${MAX_DEPTH}
        )
        SELECT array_agg(id ORDER BY depth DESC) INTO own FROM up;
        IF own IS NULL THEN
          RETURN NULL; -- deleted again within the transaction
        END IF;
        UPDATE units SET ancestry = own WHERE id = NEW.id AND ancestry IS DISTINCT FROM own;
        -- Unchanged: this unit's subtree is as current as the unit itself (an ancestor's walk
        -- down set both), so a leaf or an untouched unit costs a few primary-key lookups.
        IF NOT FOUND OR NOT EXISTS (SELECT 1 FROM units WHERE parent_id = NEW.id) THEN
          RETURN NULL;
        END IF;
        WITH RECURSIVE down(id, ancestry, depth) AS (
          SELECT u.id, own || u.id, 1 FROM units u WHERE u.parent_id = NEW.id
          UNION ALL
          SELECT u.id, down.ancestry || u.id, down.depth + 1
          FROM units u JOIN down ON u.parent_id = down.id WHERE down.depth < ${MAX_DEPTH}
        )
        UPDATE units SET ancestry = down.ancestry
        FROM down WHERE units.id = down.id AND units.ancestry IS DISTINCT FROM down.ancestry;
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER units_ancestry_on_insert AFTER INSERT ON units
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION units_refresh_ancestry()`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER units_ancestry_on_move AFTER UPDATE OF parent_id ON units
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION units_refresh_ancestry()`);
    await db.query(`
      WITH RECURSIVE down(id, ancestry, depth) AS (
        SELECT id, ARRAY[id], 0 FROM units WHERE parent_id IS NULL
        UNION ALL
        SELECT u.id, down.ancestry || u.id, down.depth + 1
        FROM units u JOIN down ON u.parent_id = down.id WHERE down.depth < ${MAX_DEPTH}
      )
      UPDATE units SET ancestry = down.ancestry FROM down WHERE units.id = down.id`);
    await db.query(`CREATE INDEX ix_units_ancestry ON units USING gin (ancestry)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER units_ancestry_on_move ON units`);
    await db.query(`DROP TRIGGER units_ancestry_on_insert ON units`);
    await db.query(`DROP FUNCTION units_refresh_ancestry()`);
    await db.query(`DROP INDEX ix_units_ancestry`);
    await db.query(`ALTER TABLE units DROP COLUMN ancestry`);
  }
}
