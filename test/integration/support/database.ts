/**
 * A throwaway database for tests that need PostgreSQL but no stack: created on the server
 * DATABASE_URL names, migrated in process (no build needed), dropped by `drop()`. It is named
 * and registered like a stack's (`dondoc_it_*`), so infra/test.sh drops it if a test forgets to.
 *
 * A file (or describe block) that wants one for all its tests says `const database = useTestDatabase()`.
 */
import { Connection, WorkflowClient } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createActivities, type DondocActivities } from '@dondoc/activities';
import { createDataSource } from '@dondoc/persistence';
import { defaultDatabaseUrl, registerDatabase, stackName, unregisterDatabase, withAdminClient } from './stack';

/** A migrated database of one test file's own, with a connected data source. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly dataSource: DataSource;
  /** Closes the data source and drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

/** Options for {@link createTestDatabase}. */
export interface TestDatabaseOptions {
  /** Names the database; defaults to the test file's name. */
  label?: string;
  /** Connections the data source may open at once (default 4; more for tests of concurrent writers). */
  poolSize?: number;
}

/** Creates and migrates a database named after the label (default: the test file); tears it down again on failure. */
export async function createTestDatabase({ label, poolSize = 4 }: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const name = `dondoc_it_${stackName(label).replace(/-/g, '_')}`;
  registerDatabase(name, adminUrl);
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // No query logging: the tests that make PostgreSQL refuse a change would fill the output.
  const dataSource = createDataSource(url.toString(), { extra: { max: poolSize }, logging: false });
  let dropping: Promise<void> | undefined;
  const drop = (): Promise<void> =>
    (dropping ??= (async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      unregisterDatabase(name);
    })());
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { name, url: url.toString(), dataSource, drop };
}

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
