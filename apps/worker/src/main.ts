/**
 * The worker process: polls Dondoc's task queue, runs the workflows and their activities.
 * SIGINT/SIGTERM make the SDK stop polling and drain running tasks; then connections close.
 */
import 'reflect-metadata';
import type { Server } from 'node:http';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { pino } from 'pino';
import { ConfigError, jsonLogOptions, loadWorkerSettings, type WorkerSettings } from '@dondoc/config';
import { createActivities } from '@dondoc/activities';
import { createDataSource } from '@dondoc/persistence';
import { closeTemporalClient, createDondocWorker, createTemporalClient } from '@dondoc/temporal';
import { close, createMetricsServer, listen } from './metrics/metrics-server';
import { WorkerMetrics } from './metrics/worker-metrics';

/** The same JSON lines as the API's, so one collector reads both. */
const logger = pino({ ...jsonLogOptions(), base: { context: 'worker' } });

/**
 * The SDK's own lines (worker state, the workflow bundle, activity and workflow logs) as the
 * same JSON lines; an error in their metadata keeps its stack. With a metrics port, the SDK's
 * Prometheus exporter (pollers, slots, task latencies) listens on the next port, on loopback only:
 * the worker's `/metrics` serves its series. Must run before any worker is made.
 */
function installRuntime(settings: WorkerSettings): void {
  const write = (entry: LogEntry): void => {
    const { error, ...meta } = entry.meta ?? {};
    const cause = error instanceof Error ? { err: error } : error === undefined ? {} : { error };
    logger[levelOf(entry)]({ ...meta, ...cause, sdk: true }, entry.message);
  };
  const sdkMetrics = sdkMetricsAddress(settings);
  Runtime.install({
    logger: new DefaultLogger('INFO', write),
    ...(sdkMetrics === undefined
      ? {}
      : { telemetryOptions: { metrics: { prometheus: { bindAddress: sdkMetrics, useSecondsForDurations: true } } } }),
  });
}

function sdkMetricsAddress(settings: WorkerSettings): string | undefined {
  return settings.metricsPort === 0 ? undefined : `127.0.0.1:${settings.metricsPort + 1}`;
}

/** The worker's `/metrics` listener, when DONDOC_WORKER_METRICS_PORT asks for one. */
async function serveMetrics(settings: WorkerSettings, metrics: WorkerMetrics): Promise<Server | undefined> {
  if (settings.metricsPort === 0) return undefined;
  const sdkMetrics = sdkMetricsAddress(settings);
  const server = createMetricsServer({
    registry: metrics.registry,
    ...(sdkMetrics === undefined ? {} : { sdkMetricsUrl: `http://${sdkMetrics}/metrics` }),
  });
  await listen(server, settings.metricsPort);
  logger.info(`metrics on http://127.0.0.1:${settings.metricsPort}/metrics`);
  return server;
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
  const settings = loadWorkerSettings();
  installRuntime(settings);
  const metrics = new WorkerMetrics();
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
        interceptors: { activity: [metrics.activityInterceptor()] },
      });
      logger.info(`polling task queue ${settings.temporal.taskQueue} on ${settings.temporal.address}`);
      let metricsServer: Server | undefined;
      try {
        metricsServer = await serveMetrics(settings, metrics);
        await worker.run();
      } finally {
        if (metricsServer !== undefined) await close(metricsServer);
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
