import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { WorkerSettings } from '@dondoc/config';

/**
 * The SDK's own lines (worker state, the workflow bundle, activity and workflow logs) as the
 * same JSON lines; an error in their metadata keeps its stack. With a metrics port, the SDK's
 * Prometheus exporter (pollers, slots, task latencies) listens on the next port, on loopback only:
 * the worker's `/metrics` serves its series. Must run before any worker is made.
 */
export function installRuntime(settings: WorkerSettings, logger: Logger): void {
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

/** Where the SDK's Prometheus exporter listens (the port after the worker's own), when metrics are on. */
export function sdkMetricsAddress(settings: WorkerSettings): string | undefined {
  return settings.metricsPort === 0 ? undefined : `127.0.0.1:${settings.metricsPort + 1}`;
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
