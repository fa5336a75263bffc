import { Injectable } from '@nestjs/common';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds: from a cached read (a few ms) to an Update that waits on a slow workflow (tens of seconds). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** How an Update sent to a workflow ended, as the gateway saw it. */
export type UpdateOutcome = 'ok' | 'error';

/**
 * The API's Prometheus series, in a registry of its own (not prom-client's global one) so each
 * app instance, and each test, counts only what it served.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();

  /** Requests by method, route template (never the raw path: ids would explode the series) and status. */
  readonly httpRequestDuration = new Histogram({
    name: 'dondoc_http_request_duration_seconds',
    help: 'HTTP requests served by the API, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** Updates sent to workflows, by Update name (the task action) and outcome. */
  readonly updateDuration = new Histogram({
    name: 'dondoc_update_duration_seconds',
    help: 'Temporal Updates sent by the API, from the call to its result or acceptance, by action and outcome',
    labelNames: ['action', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'dondoc_api_' });
  }

  /** Runs `send` and records how long the Update named `action` took and whether it succeeded. */
  async timeUpdate<T>(action: string, send: () => Promise<T>): Promise<T> {
    const stop = this.updateDuration.startTimer({ action });
    try {
      const result = await send();
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  }
}
