/**
 * The worker process: polls Dondoc's task queue, runs the workflows and their activities.
 * SIGINT/SIGTERM make the SDK stop polling and drain running tasks; then connections close.
 */
import 'reflect-metadata';
import { ConfigError, loadWorkerSettings } from '@dondoc/config';
import { createActivities } from '@dondoc/activities';
import { createDataSource } from '@dondoc/persistence';
import { closeTemporalClient, createDondocWorker, createTemporalClient } from '@dondoc/temporal';

async function main(): Promise<void> {
  const settings = loadWorkerSettings();
  const dataSource = createDataSource(settings.database.url, { extra: { max: 20 } });
  await dataSource.initialize();
  try {
    // Activities use a client of their own to withdraw implementing directives through their workflows.
    const client = await createTemporalClient(settings.temporal);
    try {
      const { worker, connection } = await createDondocWorker({
        settings: settings.temporal,
        activities: createActivities(dataSource, { workflows: client.workflow, publicUrl: settings.publicUrl }),
        maxConcurrentActivities: settings.maxConcurrentActivities,
      });
      console.log(`worker: polling task queue ${settings.temporal.taskQueue} on ${settings.temporal.address}`);
      try {
        await worker.run();
      } finally {
        await connection.close();
      }
    } finally {
      await closeTemporalClient(client);
    }
  } finally {
    await dataSource.destroy();
  }
  console.log('worker: stopped');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
