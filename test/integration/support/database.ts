/**
 * A throwaway database (./throwaway-database) for tests that need PostgreSQL but no stack, and
 * the real activities over it.
 *
 * A file (or describe block) that wants one for all its tests says `const database = useTestDatabase()`.
 */
import { Connection, WorkflowClient } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createActivities, type DondocActivities } from '@dondoc/activities';
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './throwaway-database';

export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './throwaway-database';

/** What a file's tests use of {@link useTestDatabase}'s database, readable once its beforeAll has run. */
export interface TestDatabaseInUse {
  readonly url: string;
  readonly dataSource: DataSource;
  /** The real activities over this database (see {@link activitiesOver}). */
  readonly activities: DondocActivities;
}

/**
 * A migrated database for the tests of one file or describe block: created in beforeAll, dropped
 * in afterAll. Read its members inside tests and hooks, never at the top level of the file.
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): TestDatabaseInUse {
  let database: TestDatabase | undefined;
  let activities: DondocActivities | undefined;
  const created = (): TestDatabase => {
    if (database === undefined)
      throw new Error('the test database is read before its beforeAll created it (or that beforeAll failed)');
    return database;
  };
  beforeAll(async () => {
    database = await createTestDatabase(options);
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
  });
  return {
    get url() {
      return created().url;
    },
    get dataSource() {
      return created().dataSource;
    },
    get activities() {
      return (activities ??= activitiesOver(created().dataSource));
    },
  };
}

/** The public URL the tests' activities link events to (with a trailing slash, which the link drops). */
export const TEST_PUBLIC_URL = 'https://dondoc.test.gov.vn/';

/**
 * The activities over `dataSource`. Their Temporal client points at a closed port and connects
 * only when used, so an activity that reached Temporal would fail rather than pass unnoticed;
 * the activities tested over a bare database never do (the cascade and the period start are the
 * workflow tests').
 */
export function activitiesOver(dataSource: DataSource): DondocActivities {
  const workflows = new WorkflowClient({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  return createActivities(dataSource, { workflows, publicUrl: TEST_PUBLIC_URL });
}
