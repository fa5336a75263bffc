/**
 * The worker's probes for an orchestrator (infra/deploy/): the worker has no HTTP API of its own,
 * so a Deployment could otherwise only tell that the process exists, not that it polls.
 *   GET /health/live   200 while the process runs its event loop (restart it if not)
 *   GET /health/ready  200 while the worker is RUNNING and PostgreSQL answers; 503 otherwise,
 *                      including while it drains after SIGTERM
 * The bodies follow the API's terminus shape, so one probe configuration reads both.
 */
import { createServer, type Server } from 'node:http';
import type { State } from '@temporalio/worker';

/** What readiness asks of the running worker, so this file needs neither the SDK nor TypeORM. */
export interface WorkerProbes {
  workerState(): State;
  /** Resolves when PostgreSQL answers a trivial query; rejects otherwise. */
  pingDatabase(): Promise<void>;
}

/** A bounded database check: a probe that hangs is worse than one that says down. */
const PING_TIMEOUT_MS = 3000;

type Indicator = { status: 'up' | 'down'; message?: string };

/** Starts the probe server on 0.0.0.0:`port` (probes come from the node, not from localhost). */
export async function startHealthServer(port: number, probes: WorkerProbes): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    const reply = (ok: boolean, details: Record<string, Indicator>): void => {
      response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', ...(ok ? {} : { 'retry-after': '5' }) });
      response.end(JSON.stringify({ status: ok ? 'ok' : 'error', details }));
    };
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
    } else if (path === '/health/live') {
      reply(true, {});
    } else if (path === '/health/ready') {
      void readiness(probes).then((details) =>
        reply(
          Object.values(details).every((indicator) => indicator.status === 'up'),
          details,
        ),
      );
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  return server;
}

async function readiness(probes: WorkerProbes): Promise<Record<string, Indicator>> {
  const state = probes.workerState();
  const worker: Indicator = state === 'RUNNING' ? { status: 'up' } : { status: 'down', message: state };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
  });
  let postgres: Indicator;
  try {
    await Promise.race([probes.pingDatabase(), timeout]);
    postgres = { status: 'up' };
  } catch (error) {
    postgres = { status: 'down', message: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
  return { worker, postgres };
}
