import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notice kinds a person chose not to be e-mailed about (issue 13: each person may opt out of
 * kinds of the notices of the tasks they handle). Contact topics (`reminder`, `overdue`, …); the
 * API checks the values, so the column only keeps them.
 */
export class PeopleMutedTopics1764231800000 implements MigrationInterface {
  name = 'PeopleMutedTopics1764231800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE people ADD COLUMN muted_topics text[] NOT NULL DEFAULT '{}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE people DROP COLUMN muted_topics`);
  }
}
