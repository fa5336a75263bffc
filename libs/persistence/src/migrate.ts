/** `npm run migrate`: applies pending migrations to DATABASE_URL and exits. */
import { ConfigError, loadDatabaseSettings } from '@dondoc/config';
import { createDataSource } from './data-source';

async function main(): Promise<void> {
  const { url } = loadDatabaseSettings();
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(
      applied.length === 0 ? 'migrations: up to date' : `migrations: applied ${applied.map((m) => m.name).join(', ')}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
