/**
 * What an operator sees of the real stack: the API's `/metrics` (requests by route template,
 * Updates by action, business gauges), `/health/ready` naming the worker that polls the task
 * queue, and the worker's own `/metrics` with activity outcomes and the Temporal SDK's series.
 */
import { createServer } from 'node:net';
import { expectStatus } from './support/api';
import { anAcknowledgedTask } from './support/acknowledged-task';
import { freePort, pollUntil } from './support/stack';
import { useStackWithEnvFrom } from './support/use-stack';

/** A free port whose next port is free too: the worker serves on one, the SDK's exporter on the next. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await freePort();
    const nextIsFree = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port + 1, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (nextIsFree) return port;
  }
  throw new Error('no two free ports in a row');
}

let workerMetricsPort: number;
const stack = useStackWithEnvFrom(async () => {
  workerMetricsPort = await freePortPair();
  return { DONDOC_WORKER_METRICS_PORT: String(workerMetricsPort) };
});

async function text(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  expect(response.status).toBe(200);
  return response.text();
}

const apiMetricsUrl = (): string => `${stack.baseUrl}/metrics`;
const workerUrl = (path: string): string => `http://127.0.0.1:${workerMetricsPort}${path}`;

describe('observability', () => {
  let taskId: string;

  beforeAll(async () => {
    taskId = (await anAcknowledgedTask(stack)).id;
  });

  it('counts the API requests by route template and the Updates by action', async () => {
    const metrics = await text(apiMetricsUrl());
    expect(metrics).toMatch(
      /dondoc_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/directives",status="201"\} \d+/,
    );
    expect(metrics).toMatch(
      /dondoc_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/tasks\/:id\/acknowledge",status="200"\} 1/,
    );
    expect(metrics).not.toContain(taskId);
    expect(metrics).toMatch(/dondoc_update_duration_seconds_count\{action="[^"]+",outcome="ok"\} [1-9]/);
  });

  it('reports the open tasks and the outbox backlog from PostgreSQL', async () => {
    const metrics = await text(apiMetricsUrl());
    expect(Number(/^dondoc_open_tasks (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    expect(metrics).toMatch(/^dondoc_overdue_tasks \d+$/m);
    expect(metrics).toMatch(/^dondoc_outbox_backlog \d+$/m);
    expect(metrics).toContain('dondoc_business_gauges_read_errors_total 0');
  });

  it('is ready with PostgreSQL, Temporal, the migrations and a worker polling the task queue', async () => {
    const ready = expectStatus(await stack.http.get('/health/ready'), 200);
    expect(ready).toMatchObject({
      status: 'ok',
      details: {
        postgres: { status: 'up' },
        temporal: { status: 'up' },
        migrations: { status: 'up' },
        worker: { status: 'up', taskQueue: stack.taskQueue },
      },
    });
  });

  it("serves the worker's activity outcomes and the SDK's poller and slot metrics on its own port", async () => {
    const metrics = await pollUntil(
      () => text(workerUrl('/metrics')),
      (body) => /dondoc_activity_duration_seconds_count\{activity="[^"]+",outcome="completed"\} [1-9]/.test(body),
      { timeoutMs: 30_000, description: 'a completed activity in the worker metrics' },
    );
    expect(metrics).toMatch(/^temporal_num_pollers\{/m);
    expect(metrics).toMatch(/^temporal_worker_task_slots_available\{/m);
  });
});
