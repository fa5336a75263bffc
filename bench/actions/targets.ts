/**
 * Where the actions benchmark runs: the embedded default (the CLI's development server, one
 * worker, one API: the integration harness's private stack) or the cluster topology
 * (infra/start-cluster.sh: the Temporal server on PostgreSQL, two workers, two API replicas
 * behind HAProxy) on ports and databases of the benchmark's own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { issueToken, readSigningKey, type Role } from '@dondoc/auth';
import { loadAuthSettings } from '@dondoc/config';
import { pollUntil, startStack } from '../../test/integration/support/stack';
import type { Processes } from './cpu';

/** A running topology the benchmark talks to: HTTP like a person, gRPC like the baseline. */
export interface Target {
  readonly topology: 'embedded' | 'cluster';
  /** e.g. http://127.0.0.1:3300/api/v1 (the balancer on the cluster). */
  readonly apiUrl: string;
  readonly temporalAddress: string;
  readonly namespace: string;
  /** Dondoc's database (the audit chain's lock is watched there). */
  readonly databaseUrl: string;
  /** Its processes, to measure what each costs. */
  readonly processes: Processes;
  /** Signs a token the API accepts for `sub`, a `role` of `unitId`. */
  token(unitId: string, role: Role, sub: string): Promise<string>;
  /** Stops what the benchmark started. */
  stop(): Promise<void>;
}

/** Environment both topologies give Dondoc's processes for the benchmark. */
const BENCH_ENV: Record<string, string> = {
  // Fifty officers at full speed would pass 600 requests a minute each; the limit is not measured here.
  DONDOC_RATE_LIMIT: '0',
};

/** The repository root, from dist/bench/actions (how benchmarks run) or from the sources. */
const repoRoot = path.resolve(__dirname, __filename.endsWith('.js') ? '../../..' : '../..');

/** The embedded default: the integration harness's private stack (dev server in memory, one worker, one API). */
export async function startEmbedded(): Promise<Target> {
  const stack = await startStack({ name: 'bench-actions', env: { ...BENCH_ENV, ...workerTuningEnv() } });
  return {
    topology: 'embedded',
    apiUrl: stack.baseUrl,
    temporalAddress: stack.temporalAddress,
    namespace: stack.namespace,
    databaseUrl: stack.databaseUrl,
    processes: {
      parts: () =>
        pidsByPart(path.join(repoRoot, '.data', 'run', 'it-children', 'adhoc'), (file) => readFileSync(file, 'utf8')),
      databases: [new URL(stack.databaseUrl).pathname.slice(1)],
      adminUrl: stack.databaseUrl,
    },
    token: (unitId, role, sub) => stack.token({ unitId, roles: [role], sub, ttlSeconds: 6 * 3600 }),
    stop: () => stack.stop(),
  };
}

/**
 * The benchmark's own cluster, clear of everyone else's: ports 3300–3302 and 27200 and up,
 * a private PostgreSQL (port 27290, data in .data/bench-actions-postgres) holding `dondoc_actions`
 * and Temporal's `temporal_actions` / `temporal_actions_visibility`. Private because the topology's
 * pools (about 150 connections with Temporal's at 20) would take most of the shared server's 100.
 */
const CLUSTER = {
  port: process.env.BENCH_CLUSTER_PORT ?? '3300',
  apiPorts: process.env.BENCH_CLUSTER_API_PORTS ?? '3301 3302',
  temporalAddress: process.env.BENCH_CLUSTER_TEMPORAL_ADDRESS ?? '127.0.0.1:27200',
  pgPort: process.env.BENCH_CLUSTER_PG_PORT ?? '27290',
  pgDir: path.join(repoRoot, '.data', 'bench-actions-postgres'),
  database: 'dondoc_actions',
  logDir: path.join(repoRoot, '.data', 'logs', 'bench-actions'),
};

function clusterEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...BENCH_ENV,
    ...workerTuningEnv(),
    PORT: CLUSTER.port,
    DONDOC_CLUSTER_API_PORTS: CLUSTER.apiPorts,
    TEMPORAL_ADDRESS: CLUSTER.temporalAddress,
    TEMPORAL_SERVER_DB: 'temporal_actions',
    TEMPORAL_SERVER_VISIBILITY_DB: 'temporal_actions_visibility',
    TEMPORAL_SERVER_PG_MAX_CONNS: '20',
    DONDOC_PG_CLUSTER: 'private',
    DONDOC_PG_PORT: CLUSTER.pgPort,
    DONDOC_PG_PRIVATE_DIR: CLUSTER.pgDir,
    DONDOC_PG_MAX_CONNECTIONS: '300',
    DONDOC_CLUSTER_LOG_DIR: CLUSTER.logDir,
    START_SKIP_BUILD: '1',
    START_SKIP_DEMO: '1',
  };
}

/** Worker settings the benchmark passes through (so a before/after run differs only in them). */
function workerTuningEnv(): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (name.startsWith('DONDOC_WORKER_') && value !== undefined) passed[name] = value;
  return passed;
}

/** infra/start-cluster.sh in the background, until its ready file names the balancer's URL. */
export async function startCluster(): Promise<Target> {
  mkdirSync(CLUSTER.logDir, { recursive: true });
  const env = clusterEnv();
  // The private server and Dondoc's database on it; start-cluster.sh then takes DATABASE_URL as given.
  const ensured = spawnSync('bash', [path.join(repoRoot, 'infra/postgres.sh'), 'ensure', CLUSTER.database], {
    cwd: repoRoot,
    env: { ...env, DATABASE_URL: '' },
    encoding: 'utf8',
  });
  if (ensured.status !== 0) throw new Error(`infra/postgres.sh ensure failed:\n${ensured.stderr}`);
  const databaseUrl = ensured.stdout.trim().split('\n').pop() ?? '';
  const readyFile = path.join(CLUSTER.logDir, 'ready');
  rmSync(readyFile, { force: true });
  const log = openSync(path.join(CLUSTER.logDir, 'start-cluster.log'), 'a');
  const cluster: ChildProcess = spawn('bash', [path.join(repoRoot, 'infra/start-cluster.sh')], {
    cwd: repoRoot,
    env: { ...env, DATABASE_URL: databaseUrl, DONDOC_CLUSTER_READY_FILE: readyFile },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => cluster.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  await pollUntil(
    () => {
      if (!running) throw new Error(`infra/start-cluster.sh exited; see ${CLUSTER.logDir}/start-cluster.log`);
      return Promise.resolve(existsSync(readyFile) ? readFileSync(readyFile, 'utf8').trim() : '');
    },
    (url) => url.length > 0,
    { timeoutMs: 15 * 60_000, intervalMs: 1_000, description: 'the cluster topology to come up' },
  );
  const settings = loadAuthSettings({ ...process.env, DONDOC_JWT_PRIVATE_KEY_FILE: keyFile() });
  const { key, algorithm } = readSigningKey(settings.privateKeyFile);
  return {
    topology: 'cluster',
    apiUrl: readFileSync(readyFile, 'utf8').trim(),
    temporalAddress: CLUSTER.temporalAddress,
    namespace: 'default',
    databaseUrl,
    processes: {
      parts: () =>
        pidsByPart(path.join(repoRoot, '.data', 'run', `cluster-${CLUSTER.port}`), (file) =>
          file.endsWith('.pid') ? path.basename(file, '.pid') : '',
        ),
      databases: [CLUSTER.database, 'temporal_actions', 'temporal_actions_visibility'],
      adminUrl: databaseUrl,
    },
    token: (unitId, role, sub) =>
      issueToken({
        key,
        algorithm,
        issuer: settings.issuer,
        audience: settings.audience,
        unitClaim: settings.unitClaim,
        rolesClaim: settings.rolesClaim,
        unitId,
        roles: [role],
        sub,
        ttlSeconds: 6 * 3600,
      }),
    stop: async () => {
      // start-cluster.sh stops the balancer, the APIs, the workers (they drain), then Temporal.
      if (running) cluster.kill('SIGTERM');
      await exited;
      spawnSync('bash', [path.join(repoRoot, 'infra/postgres.sh'), 'stop-immediate'], { cwd: repoRoot, env });
    },
  };
}

/**
 * The processes a directory of pid files names, by part: `api`, `worker`, `temporal` (the rest
 * ignored). `labelOf` reads a file's label: the harness writes it inside, the supervisor in the name.
 */
function pidsByPart(directory: string, labelOf: (file: string) => string): Map<string, number[]> {
  const parts = new Map<string, number[]>();
  const files = existsSync(directory) ? readdirSync(directory) : [];
  for (const name of files) {
    const file = path.join(directory, name);
    const label = labelOf(file).trim().toLowerCase();
    const part = label.startsWith('api')
      ? 'api'
      : label.startsWith('worker')
        ? 'worker'
        : label.startsWith('temporal')
          ? 'temporal'
          : undefined;
    const pid = Number(name.endsWith('.pid') ? readFileSync(file, 'utf8').trim() : name);
    if (part === undefined || !Number.isInteger(pid) || !existsSync(`/proc/${pid}`)) continue;
    parts.set(part, [...(parts.get(part) ?? []), pid]);
  }
  return parts;
}

/** The local key pair `npm run keys` made for the cluster's APIs. */
function keyFile(): string {
  return process.env.DONDOC_JWT_PRIVATE_KEY_FILE ?? path.join(repoRoot, '.data', 'keys', 'jwt-private.pem');
}
