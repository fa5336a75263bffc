/**
 * The worker process: polls Dondoc's task queue, runs the workflows and their activities.
 * SIGINT/SIGTERM make the SDK stop polling and drain running tasks (activities get
 * DONDOC_WORKER_SHUTDOWN_GRACE_SECONDS to finish); then connections close. With
 * DONDOC_WORKER_HEALTH_PORT it also answers an orchestrator's probes (health-server.ts). With an
 * OTLP endpoint configured it exports traces (./tracing, loaded first so it sees pg and http load).
 */
import 'reflect-metadata';
import { tracing } from './tracing';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { ConfigError, jsonLogOptions, loadWorkerSettings } from '@dondoc/config';
import { createActivities, createDigestActivities } from '@dondoc/activities';
import { EmailTemplates, createSmtpSender } from '@dondoc/delivery';
import { createDataSource } from '@dondoc/persistence';
import { closeTemporalClient, createDondocWorker, createTemporalClient } from '@dondoc/temporal';
import { createBlobStore, loadStorageSettings } from '@dondoc/storage';
import { temporalWorkerTracing } from '@dondoc/tracing';
import { startAttachmentSweep } from './attachment-sweep';
import { close } from './metrics/metrics-server';
import { WorkerMetrics } from './metrics/worker-metrics';
import { loadDispatcherSettings, startDispatcher } from './startup/dispatcher';
import { installRuntime } from './startup/sdk-runtime';
import { startDailyDigest, startMetrics, startProbes } from './startup/services';

/** The same JSON lines as the API's, so one collector reads both. */
const logger = pino({ ...jsonLogOptions(), base: { context: 'worker' } });

async function main(): Promise<void> {
  const settings = loadWorkerSettings();
  const dispatch = loadDispatcherSettings();
  // The digest's own pooled sender: the dispatcher's is inside it.
  const smtp = createSmtpSender(dispatch.delivery.smtp);
  const blobStore = createBlobStore(loadStorageSettings());
  installRuntime(settings, logger);
  const metrics = new WorkerMetrics();
  const traced = tracing === undefined ? undefined : temporalWorkerTracing(tracing);
  const dataSource = createDataSource(settings.database.url, { extra: { max: 20 } });
  await dataSource.initialize();
  try {
    // Activities use a client of their own to withdraw implementing directives through their workflows.
    const client = await createTemporalClient(settings.temporal, traced?.clientInterceptors);
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
        interceptors: {
          activity: [metrics.activityInterceptor(), ...(traced?.activityInterceptors ?? [])],
          workflowModules: traced?.workflowModules ?? [],
        },
        sinks: traced?.sinks,
      });
      const healthServer = await startProbes(settings, worker, dataSource, logger);
      logger.info(`polling task queue ${settings.temporal.taskQueue} on ${settings.temporal.address}`);
      await startDailyDigest(client, settings, logger);
      const dispatcher = startDispatcher(dataSource, dispatch, logger);
      const stopSweep = startAttachmentSweep(dataSource, blobStore, logger);
      let metricsServer: Server | undefined;
      try {
        metricsServer = await startMetrics(settings, metrics, logger);
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
    // The spans still batched, including the last activities' (a no-op without tracing).
    await tracing?.shutdown();
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
