/**
 * The worker's metrics: activity outcomes through the interceptor, and its HTTP listener serving
 * Dondoc's series followed by the Temporal SDK's.
 */
import { createServer, type Server } from 'node:http';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInterceptorsFactory } from '@temporalio/worker';
import { close, createMetricsServer, listen } from '../../../apps/worker/src/metrics/metrics-server';
import { WorkerMetrics } from '../../../apps/worker/src/metrics/worker-metrics';

type Context = Parameters<ActivityInterceptorsFactory>[0];

/** Runs one activity attempt of `activityType` through the interceptor, ending as `body` does. */
async function attempt(metrics: WorkerMetrics, activityType: string, body: () => Promise<unknown>): Promise<unknown> {
  const interceptors = metrics.activityInterceptor()({ info: { activityType } } as Context);
  const execute = interceptors.inbound?.execute;
  if (execute === undefined) throw new Error('the interceptor has no execute');
  return execute({ args: [], headers: {} } as ActivityExecuteInput, () => body());
}

describe('worker metrics', () => {
  it('records each activity attempt by type and outcome and passes results and errors through', async () => {
    const metrics = new WorkerMetrics();
    await expect(attempt(metrics, 'projectChange', () => Promise.resolve(1))).resolves.toBe(1);
    await expect(attempt(metrics, 'projectChange', () => Promise.reject(new Error('deadlock')))).rejects.toThrow();
    await expect(
      attempt(metrics, 'projectChange', () => Promise.reject(ApplicationFailure.nonRetryable('bad input'))),
    ).rejects.toThrow('bad input');
    await expect(attempt(metrics, 'sendNotice', () => Promise.reject(new CancelledFailure('stop')))).rejects.toThrow();
    const text = await metrics.registry.metrics();
    for (const series of [
      '{activity="projectChange",outcome="completed"} 1',
      '{activity="projectChange",outcome="retryable_failure"} 1',
      '{activity="projectChange",outcome="non_retryable_failure"} 1',
      '{activity="sendNotice",outcome="cancelled"} 1',
    ])
      expect(text).toContain(`dondoc_activity_duration_seconds_count${series}`);
  });

  describe('HTTP listener', () => {
    const servers: Server[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((server) => close(server)));
    });

    async function start(options: { sdkMetricsUrl?: string }): Promise<string> {
      const metrics = new WorkerMetrics();
      await attempt(metrics, 'projectChange', () => Promise.resolve());
      const server = createMetricsServer({ registry: metrics.registry, ...options });
      servers.push(server);
      return `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
    }

    it("serves Dondoc's series followed by the SDK's in one scrape", async () => {
      const sdk = createServer((_request, response) =>
        response.end('temporal_num_pollers{poller_type="workflow_task"} 2\n'),
      );
      servers.push(sdk);
      const sdkPort = await listen(sdk, 0, '127.0.0.1');
      const base = await start({ sdkMetricsUrl: `http://127.0.0.1:${sdkPort}/metrics` });
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toContain('dondoc_activity_duration_seconds_count{activity="projectChange",outcome="completed"} 1');
      expect(text).toContain('temporal_num_pollers{poller_type="workflow_task"} 2');
    });

    it("still serves Dondoc's series when the SDK's exporter does not answer", async () => {
      const closed = createServer();
      const port = await listen(closed, 0, '127.0.0.1');
      await close(closed);
      const response = await fetch(`${await start({ sdkMetricsUrl: `http://127.0.0.1:${port}/metrics` })}/metrics`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('dondoc_activity_duration_seconds_count');
      expect(text).toContain("# the Temporal SDK's exporter did not answer");
    });

    it('answers nothing but GET /metrics', async () => {
      const base = await start({});
      expect((await fetch(`${base}/health/ready`)).status).toBe(404);
      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
    });
  });
});
