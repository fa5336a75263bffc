/**
 * The worker's side services, each started by one small function the composition root (main.ts)
 * calls in order and stops in reverse: the probes, the daily digest, the metrics listener.
 */
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { WorkerSettings } from '@dondoc/config';
import { ensureDailyDigest } from '../daily-digest';
import { startHealthServer } from '../health-server';
import { createMetricsServer, listen } from '../metrics/metrics-server';
import type { WorkerMetrics } from '../metrics/worker-metrics';
import { sdkMetricsAddress } from './sdk-runtime';

/** The probe server, when DONDOC_WORKER_HEALTH_PORT asks for one: ready while the worker runs and PostgreSQL answers. */
export async function startProbes(
  settings: WorkerSettings,
  worker: Worker,
  dataSource: DataSource,
  logger: Logger,
): Promise<Server | null> {
  if (settings.healthPort === null) return null;
  const server = await startHealthServer(settings.healthPort, {
    workerState: () => worker.getState(),
    pingDatabase: async () => {
      await dataSource.query('SELECT 1');
    },
  });
  logger.info(`probes on :${settings.healthPort}/health/live and /health/ready`);
  return server;
}

/** Makes sure the daily digest workflow runs (every worker asks; the first start wins). */
export async function startDailyDigest(client: Client, settings: WorkerSettings, logger: Logger): Promise<void> {
  if (await ensureDailyDigest(client, settings.temporal.taskQueue)) logger.info('started the daily digest workflow');
}

/** The worker's `/metrics` listener, when DONDOC_WORKER_METRICS_PORT asks for one. */
export async function startMetrics(
  settings: WorkerSettings,
  metrics: WorkerMetrics,
  logger: Logger,
): Promise<Server | undefined> {
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
