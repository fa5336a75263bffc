/**
 * The worker process: polls Dondoc's task queue, runs the workflows and their activities.
 * SIGINT/SIGTERM make the SDK stop polling and drain running tasks (activities get
 * DONDOC_WORKER_SHUTDOWN_GRACE_SECONDS to finish); then connections close. With
 * DONDOC_WORKER_HEALTH_PORT it also answers an orchestrator's probes (health-server.ts).
 */
import 'reflect-metadata';
import type { Server } from 'node:http';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { pino } from 'pino';
import { ConfigError, EnvReader, jsonLogOptions, loadWorkerSettings, type WorkerSettings } from '@dondoc/config';
import {
  createActivities,
  createDigestActivities,
  startDeliveryDispatcher,
  type DispatcherTuning,
} from '@dondoc/activities';
import {
  EmailTemplates,
  createSmtpSender,
  readDeliverySettings,
  readDigestSettings,
  type DeliverySettings,
  type DigestSettings,
} from '@dondoc/delivery';
import { createDataSource } from '@dondoc/persistence';
import { closeTemporalClient, createDondocWorker, createTemporalClient } from '@dondoc/temporal';
import { ensureDailyDigest } from './daily-digest';
import { createBlobStore, loadStorageSettings } from '@dondoc/storage';
import { startAttachmentSweep } from './attachment-sweep';
import { startHealthServer } from './health-server';
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

/**
 * The dispatcher's settings: the delivery settings, its pacing, and whether it runs here at all
 * (`DONDOC_DISPATCHER=off` leaves sending to other workers). Every problem is told at once.
 */
function loadDispatcherSettings(): {
  enabled: boolean;
  delivery: DeliverySettings;
  digest: DigestSettings;
  tuning: DispatcherTuning;
} {
  const reader = new EnvReader();
  const enabled = reader.oneOf('DONDOC_DISPATCHER', 'on', ['on', 'off'] as const) === 'on';
  const delivery = readDeliverySettings(reader);
  const digest = readDigestSettings(reader);
  const tuning: DispatcherTuning = {
    perEndpoint: reader.integer('DONDOC_DELIVERY_PER_ENDPOINT', 8, 1, 100),
    maxInFlight: reader.integer('DONDOC_DELIVERY_MAX_IN_FLIGHT', 64, 1, 1000),
    leaseMs: reader.integer('DONDOC_DELIVERY_LEASE_MS', 60_000, 1_000, 3_600_000),
    pollMs: reader.integer('DONDOC_DELIVERY_POLL_MS', 250, 10, 60_000),
  };
  reader.done();
  return { enabled, delivery, digest, tuning };
}

async function main(): Promise<void> {
  const settings = loadWorkerSettings();
  const dispatch = loadDispatcherSettings();
  // The digest's own pooled sender: the dispatcher's is inside it.
  const smtp = createSmtpSender(dispatch.delivery.smtp);
  const blobStore = createBlobStore(loadStorageSettings());
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
        activities: {
          ...createActivities(dataSource, { workflows: client.workflow, publicUrl: settings.publicUrl }),
          ...createDigestActivities(dataSource, {
            smtp,
            templates: EmailTemplates.load(),
            publicUrl: settings.publicUrl,
            digestAtMinute: dispatch.digest.digestAtMinute,
          }),
        },
        maxConcurrentActivities: settings.maxConcurrentActivities,
        tuning: settings.tuning,
        shutdownGraceSeconds: settings.shutdownGraceSeconds,
        interceptors: { activity: [metrics.activityInterceptor()] },
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
      if (await ensureDailyDigest(client, settings.temporal.taskQueue))
        logger.info('started the daily digest workflow');
      const dispatcher = dispatch.enabled
        ? startDeliveryDispatcher(dataSource, dispatch.delivery, dispatch.tuning, (error, stage) =>
            logger.error(
              error instanceof Error ? { err: error, stage } : { error: String(error), stage },
              'dispatcher',
            ),
          )
        : undefined;
      const stopSweep = startAttachmentSweep(dataSource, blobStore, logger);
      let metricsServer: Server | undefined;
      try {
        metricsServer = await serveMetrics(settings, metrics);
        await worker.run();
      } finally {
        // The worker drains on SIGTERM; the dispatcher then finishes the deliveries it holds.
        stopSweep();
        await dispatcher?.stop();
        healthServer?.close();
        if (metricsServer !== undefined) await close(metricsServer);
        await connection.close();
      }
    } finally {
      await closeTemporalClient(client);
    }
  } finally {
    smtp.close();
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
