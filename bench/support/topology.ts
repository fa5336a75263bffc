/**
 * The two topologies a benchmark can run on, behind one interface, so the same measurement runs
 * on both in one run:
 *   - `dev`: the integration tests' private stack (Temporal CLI dev server on SQLite, one worker,
 *     one API, a database of its own on the shared PostgreSQL);
 *   - `cluster`: `infra/start-cluster.sh` (the Temporal server on PostgreSQL, two workers, two API
 *     replicas behind HAProxy) on a private PostgreSQL cluster of the benchmark's own, so the CPU
 *     it reports for PostgreSQL is this run's alone and nobody else's connections are taken.
 * Ports and database names come from the environment (BENCH_CLUSTER_* below), so two engineers'
 * clusters never meet.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Role } from '@dondoc/auth';
import { ApiClient, worthRetrying } from '../../infra/faults/api-client';
import { pollUntil, startStack, type Stack } from '../../test/integration/support/stack';
import { postgresBackends, processesMatching, withDescendants, type ProcessGroup } from './cpu';

const repoRoot = path.resolve(__dirname, __filename.endsWith('.js') ? '../../..' : '../..');

/** Which topology. */
export type TopologyKind = 'dev' | 'cluster';

/** A running topology: where its API and Temporal answer, who may call, which processes do the work. */
export interface Topology {
  kind: TopologyKind;
  /** The API root, e.g. http://127.0.0.1:3500/api/v1 (the balancer on the cluster). */
  apiUrl: string;
  /** Dondoc's database. */
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  /** `Bearer <token>` for a person of `unitId` with `roles`. */
  authorization(unitId: string, roles: Role[], sub?: string): Promise<string>;
  /** The Temporal server, PostgreSQL, and Dondoc's own processes, for the CPU figures. */
  cpuGroups(): ProcessGroup[];
  /** The development stack itself, for what only it offers (the fan-out probe); undefined on the cluster. */
  stack?: Stack;
  stop(): Promise<void>;
}

/**
 * One API call as a script makes it (plain fetch; the tests' helper checks answers against the
 * OpenAPI document, which a script run from dist/ does not find). A busy engine may answer 503
 * with Retry-After: tried again, up to ten times; any other answer above 299 throws.
 */
export async function request<T>(
  topology: Topology,
  method: string,
  path: string,
  authorization: string,
  body?: unknown,
): Promise<T> {
  // A change is sent again after a 503 (the Update's budget ran out: it may still act), so it
  // carries one Idempotency-Key over its attempts: a retry answers as the attempt that acted did,
  // instead of being refused as a second acknowledgement. A 409 with Retry-After is the key still
  // held by the earlier attempt: not yet. When to send again is the fault suite's client's rule.
  const idempotency: Record<string, string> = method === 'GET' ? {} : { 'idempotency-key': randomUUID() };
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${topology.apiUrl}${path}`, {
      method,
      headers: {
        authorization,
        ...idempotency,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    if (response.status < 300) return JSON.parse(text) as T;
    const retryAfter = response.headers.get('retry-after') ?? undefined;
    if (!worthRetrying({ status: response.status, retryAfter }) || attempt >= 10)
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Starts the topology; `env` goes to Dondoc's processes (e.g. DONDOC_SHARD_SIZE). */
export async function startTopology(kind: TopologyKind, name: string, env: Record<string, string>): Promise<Topology> {
  return kind === 'dev' ? startDev(name, env) : startCluster(env);
}

async function startDev(name: string, env: Record<string, string>): Promise<Topology> {
  const stack: Stack = await startStack({ name, env: { DONDOC_RATE_LIMIT: '0', ...env } });
  const temporalPort = stack.temporalAddress.split(':').pop() ?? '';
  const databaseName = new URL(stack.databaseUrl).pathname.slice(1);
  return {
    kind: 'dev',
    apiUrl: stack.baseUrl,
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    namespace: stack.namespace,
    authorization: async (unitId, roles, sub = 'bench') => `Bearer ${await stack.token({ sub, unitId, roles })}`,
    stack,
    cpuGroups: () => [
      { name: 'Temporal dev server', pids: async () => processesMatching('start-dev', `--port ${temporalPort}`) },
      postgresBackends(stack.databaseUrl, [databaseName]),
      {
        name: 'Dondoc worker and API',
        pids: async () => withDescendants(process.pid).filter((pid) => processesMatching('dist/apps/').includes(pid)),
      },
    ],
    stop: () => stack.stop(),
  };
}

/** Settings of the benchmark's cluster; the defaults are the scale benchmarks' own ports. */
function clusterSettings() {
  const e = process.env;
  const port = Number(e.BENCH_CLUSTER_PORT ?? 3500);
  return {
    port,
    apiPorts: e.BENCH_CLUSTER_API_PORTS ?? `${port + 1} ${port + 2}`,
    temporalAddress: e.BENCH_CLUSTER_TEMPORAL_ADDRESS ?? '127.0.0.1:27400',
    temporalDb: e.BENCH_CLUSTER_TEMPORAL_DB ?? 'temporal_scale',
    visibilityDb: e.BENCH_CLUSTER_VISIBILITY_DB ?? 'temporal_scale_visibility',
    database: e.BENCH_CLUSTER_DATABASE ?? 'dondoc_scale',
    pgPort: Number(e.BENCH_CLUSTER_PG_PORT ?? 27470),
    pgDir: path.resolve(repoRoot, e.BENCH_CLUSTER_PG_DIR ?? '.data/bench-cluster-postgres'),
    logDir: path.resolve(repoRoot, '.data/logs/bench-cluster'),
  };
}

/** Runs a script of infra/ to its end; rejects with its output's tail on failure. */
function runScript(args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = openSync(logFile, 'a');
    const child = spawn('bash', args, { cwd: repoRoot, env, stdio: ['ignore', out, out] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`bash ${args.join(' ')} exited ${code ?? '?'}; see ${path.relative(repoRoot, logFile)}`)),
    );
  });
}

async function startCluster(env: Record<string, string>): Promise<Topology> {
  const s = clusterSettings();
  mkdirSync(s.logDir, { recursive: true });
  // A PostgreSQL cluster of the benchmark's own, made anew each run: a fresh Temporal history
  // and read model, and room for every pool of the topology.
  const pgEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: '',
    DONDOC_PG_CLUSTER: 'private',
    DONDOC_PG_PORT: String(s.pgPort),
    DONDOC_PG_PRIVATE_DIR: s.pgDir,
    DONDOC_PG_MAX_CONNECTIONS: '300',
  };
  delete pgEnv.DATABASE_URL;
  if (existsSync(path.join(s.pgDir, 'data', 'PG_VERSION'))) {
    await runScript(['infra/postgres.sh', 'stop-immediate'], pgEnv, path.join(s.logDir, 'postgres.log')).catch(
      () => undefined,
    );
    rmSync(s.pgDir, { recursive: true, force: true });
  }
  await runScript(['infra/postgres.sh', 'ensure', s.database], pgEnv, path.join(s.logDir, 'postgres.log'));
  const databaseUrl = `postgres://dondoc:dondoc@127.0.0.1:${s.pgPort}/${s.database}`;
  const readyFile = path.join(s.logDir, 'ready');
  rmSync(readyFile, { force: true });
  const clusterEnv: NodeJS.ProcessEnv = {
    ...pgEnv,
    ...env,
    DATABASE_URL: databaseUrl,
    PORT: String(s.port),
    DONDOC_CLUSTER_API_PORTS: s.apiPorts,
    TEMPORAL_ADDRESS: s.temporalAddress,
    TEMPORAL_SERVER_DB: s.temporalDb,
    TEMPORAL_SERVER_VISIBILITY_DB: s.visibilityDb,
    TEMPORAL_SERVER_PG_MAX_CONNS: '20',
    DONDOC_CLUSTER_LOG_DIR: s.logDir,
    DONDOC_CLUSTER_READY_FILE: readyFile,
    DONDOC_RATE_LIMIT: '0',
    START_SKIP_BUILD: '1',
    START_SKIP_DEMO: '1',
  };
  const out = openSync(path.join(s.logDir, 'start-cluster.log'), 'w');
  const cluster: ChildProcess = spawn('bash', ['infra/start-cluster.sh'], {
    cwd: repoRoot,
    env: clusterEnv,
    stdio: ['ignore', out, out],
  });
  const stop = async (): Promise<void> => {
    if (cluster.exitCode === null && cluster.signalCode === null) {
      const exited = new Promise((resolve) => cluster.once('exit', resolve));
      cluster.kill('SIGTERM');
      await exited;
    }
    await runScript(['infra/postgres.sh', 'stop-immediate'], pgEnv, path.join(s.logDir, 'postgres.log')).catch(
      () => undefined,
    );
  };
  try {
    await pollUntil(
      async () => {
        if (cluster.exitCode !== null) throw new Error(`start-cluster.sh exited ${cluster.exitCode}`);
        return existsSync(readyFile);
      },
      (ready) => ready,
      { timeoutMs: 10 * 60_000, intervalMs: 1_000, description: 'the cluster topology (.data/logs/bench-cluster)' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const apiUrl = readFileSync(readyFile, 'utf8').trim();
  // Tokens signed with the key pair start-cluster.sh made for its APIs (local mode).
  const client = new ApiClient(apiUrl);
  const postmaster = (): number[] => {
    const pidFile = path.join(s.pgDir, 'data', 'postmaster.pid');
    if (!existsSync(pidFile)) return [];
    return withDescendants(Number(readFileSync(pidFile, 'utf8').split('\n')[0]));
  };
  return {
    kind: 'cluster',
    apiUrl,
    databaseUrl,
    temporalAddress: s.temporalAddress,
    namespace: 'default',
    authorization: async (unitId, roles, sub = 'bench') =>
      `Bearer ${await client.token(unitId, roles[0] ?? 'officer', sub)}`,
    cpuGroups: () => [
      {
        name: 'Temporal server',
        pids: async () =>
          withDescendants(cluster.pid ?? -1).filter((pid) => processesMatching('temporal-server').includes(pid)),
      },
      { name: 'PostgreSQL (its own cluster: Temporal and Dondoc)', pids: async () => postmaster() },
      {
        name: 'Dondoc workers and APIs',
        pids: async () =>
          withDescendants(cluster.pid ?? -1).filter((pid) => processesMatching('dist/apps/').includes(pid)),
      },
    ],
    stop,
  };
}
