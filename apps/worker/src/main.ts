/**
 * The worker process: polls Dondoc's task queue, runs the workflows and their activities.
 * SIGINT/SIGTERM make the SDK stop polling and drain running tasks (activities get
 * DONDOC_WORKER_SHUTDOWN_GRACE_SECONDS to finish); then connections close. With
 * DONDOC_WORKER_HEALTH_PORT it also answers an orchestrator's probes (health-server.ts).
 */
import 'reflect-metadata';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { pino } from 'pino';
import { ConfigError, jsonLogOptions, loadWorkerSettings } from '@dondoc/config';
import { createActivities } from '@dondoc/activities';
import { createDataSource } from '@dondoc/persistence';
import { closeTemporalClient, createDondocWorker, createTemporalClient } from '@dondoc/temporal';
import { startHealthServer } from './health-server';

/** The same JSON lines as the API's, so one collector reads both. */
const logger = pino({ ...jsonLogOptions(), base: { context: 'worker' } });

/**
 * The SDK's own lines (worker state, the workflow bundle, activity and workflow logs) as the
 * same JSON lines; an error in their metadata keeps its stack. Must run before any worker is made.
 */
function logSdkThroughPino(): void {
  const write = (entry: LogEntry): void => {
    const { error, ...meta } = entry.meta ?? {};
    const cause = error instanceof Error ? { err: error } : error === undefined ? {} : { error };
    logger[levelOf(entry)]({ ...meta, ...cause, sdk: true }, entry.message);
  };
  Runtime.install({ logger: new DefaultLogger('INFO', write) });
}

function levelOf(entry: LogEntry): 'trace' | 'debug' | 'info' | 'warn' | 'error' {
  switch (entry.level) {
    case 'TRACE':
      return 'trace';
    case 'DEBUG':
      return 'debug';
    case 'INFO':
      return 'info';
    case 'WARN':
      return 'warn';
    case 'ERROR':
      return 'error';
  }
}

async function main(): Promise<void> {
  logSdkThroughPino();
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
        shutdownGraceSeconds: settings.shutdownGraceSeconds,
      });
      const healthServer =
        settings.healthPort === null
          ? null
          : await startHealthServer(settings.healthPort, {
              workerState: () => worker.getState(),
              pingDatabase: async () => {
                await dataSource.query('SELECT 1');
              },
            });
      if (healthServer !== null) logger.info(`probes on :${settings.healthPort}/health/live and /health/ready`);
      logger.info(`polling task queue ${settings.temporal.taskQueue} on ${settings.temporal.address}`);
      try {
        await worker.run();
      } finally {
        healthServer?.close();
        await connection.close();
      }
    } finally {
      await closeTemporalClient(client);
    }
  } finally {
    await dataSource.destroy();
  }
  logger.info('stopped');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) logger.fatal(error.message);
  else
    logger.fatal(
      error instanceof Error ? { err: error } : { error: String(error) },
      error instanceof Error ? error.message : 'failed',
    );
  process.exit(1);
});
