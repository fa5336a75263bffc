/**
 * A throwaway database: created on the server DATABASE_URL names, migrated in process (no build
 * needed), dropped by `drop()`. It is named and registered like a stack's (`dondoc_it_*`), so
 * infra/test.sh drops it if a test forgets to. No jest in here: the benchmarks that need a
 * database of their own (bench/audit) use it too; tests use ./database's `useTestDatabase`.
 */
import type { DataSource } from 'typeorm';
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
