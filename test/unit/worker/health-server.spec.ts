/**
 * The worker's probes (apps/worker/src/health-server.ts): live while the process answers, ready
 * only while the worker polls and PostgreSQL answers — a draining worker or a lost database takes
 * it out of rotation, with the reason in the body.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { State } from '@temporalio/worker';
import { startHealthServer } from '../../../apps/worker/src/health-server';

let server: Server;
let state: State = 'RUNNING';
let database: 'up' | 'down' = 'up';

beforeAll(async () => {
  server = await startHealthServer(0, {
    workerState: () => state,
    pingDatabase: () => (database === 'up' ? Promise.resolve() : Promise.reject(new Error('connection refused'))),
  });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

describe('the worker probe server', () => {
  beforeEach(() => {
    state = 'RUNNING';
    database = 'up';
  });

  it('is live whatever the worker and the database do', async () => {
    state = 'DRAINING';
    database = 'down';
    expect((await get('/health/live')).status).toBe(200);
  });

  it('is ready while the worker runs and PostgreSQL answers', async () => {
    expect(await get('/health/ready')).toEqual({
      status: 200,
      body: { status: 'ok', details: { worker: { status: 'up' }, postgres: { status: 'up' } } },
    });
  });

  it('is not ready while the worker drains after SIGTERM', async () => {
    state = 'DRAINING';
    expect(await get('/health/ready')).toEqual({
      status: 503,
      body: {
        status: 'error',
        details: { worker: { status: 'down', message: 'DRAINING' }, postgres: { status: 'up' } },
      },
    });
  });

  it('is not ready while PostgreSQL does not answer, and says why', async () => {
    database = 'down';
    expect(await get('/health/ready')).toEqual({
      status: 503,
      body: {
        status: 'error',
        details: { worker: { status: 'up' }, postgres: { status: 'down', message: 'connection refused' } },
      },
    });
  });

  it('answers 404 elsewhere', async () => {
    expect((await get('/metrics')).status).toBe(404);
  });
});
