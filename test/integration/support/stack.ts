/**
 * Integration-test harness: each test file gets a private Dondoc stack — its own Temporal dev
 * server (in memory), its own PostgreSQL database, worker(s) and API as real child processes
 * running the compiled apps from dist/. Nothing is shared between files, so they can run in
 * parallel and a failure in one leaves no state behind for another.
 *
 * Prerequisites (infra/test.sh provides them): `npm run build`, the Temporal CLI
 * (TEMPORAL_CLI_PATH or .tools/temporal/bin/temporal), and DATABASE_URL pointing at a server
 * where the role may CREATE DATABASE.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { exportPKCS8, exportSPKI, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { assertMatchesContract } from './contract';
import { Client } from 'pg';
import { issueToken, type Role } from '@dondoc/auth';
import { DEFAULT_AUDIENCE, DEFAULT_LOCAL_ISSUER } from '@dondoc/config';

/** The repository root, whether this file runs from sources (jest) or from dist/ (benchmarks). */
const repoRoot = path.resolve(__dirname, __filename.endsWith('.js') ? '../../../..' : '../../..');
const logDir = path.join(repoRoot, '.data', 'logs');

const apiEntry = path.join(repoRoot, 'dist/apps/api/src/main.js');
const workerEntry = path.join(repoRoot, 'dist/apps/worker/src/main.js');
const migrateEntry = path.join(repoRoot, 'dist/libs/persistence/src/migrate.js');

/** Same default as infra/test.sh: tests use dondoc_test's server, never the dev database. */
export const defaultDatabaseUrl = 'postgres://dondoc:dondoc@127.0.0.1:5432/dondoc_test';

/**
 * Deadlines for start-up, generous for a 2-core CI machine where jest, webpack (the worker
 * bundles workflows at start) and several servers compete. Overridable when a machine is slower.
 */
const startTimeoutMs = Number(process.env.IT_STACK_START_TIMEOUT_MS ?? 120_000);
const stopGraceMs = 15_000;

/** A response from the API: status and parsed JSON body (text when the body is not JSON). */
export interface HttpResponse<T = unknown> {
  status: number;
  body: T;
  /** The response's headers (the stack's own helpers always set them). */
  headers?: Headers;
}

/**
 * Per-request options. Every request carries a bearer token signed with the stack's own key, for
 * the person `actor` of unit `unit` with `roles` (see {@link DEFAULT_IDENTITY} for what is left
 * out); `token` sends another token, or none (null).
 */
export interface RequestOptions {
  headers?: Record<string, string>;
  actor?: string;
  unit?: string;
  roles?: readonly Role[];
  token?: string | null;
}

/** Who a request speaks for when its options do not say. */
export const DEFAULT_IDENTITY: { actor: string; unit: string; roles: readonly Role[] } = {
  actor: 'quan.tri',
  unit: 'it-root',
  roles: ['admin'],
};

/** Who a test token speaks for. */
export interface TokenClaims {
  sub?: string;
  unitId?: string;
  roles?: readonly Role[];
  /** Lifetime in seconds; negative for a token that has already expired. */
  ttlSeconds?: number;
  /** Another audience than the API's. */
  audience?: string;
  /** Signed with a key of its own that the API does not trust. */
  forged?: boolean;
  /** Leave this claim out of an otherwise valid token (a provider that does not send it). */
  without?: 'dondoc_unit' | 'dondoc_roles';
}

/** HTTP helpers; paths are relative to /api/v1, e.g. `get('/directives')`. */
export interface StackHttp {
  get<T = unknown>(path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
}

/** A running private stack. `stop()` must be awaited in `afterAll`. */
export interface Stack {
  /** The API root, e.g. http://127.0.0.1:41234/api/v1 */
  readonly baseUrl: string;
  /** The stack's own database (dropped by `stop()`). */
  readonly databaseUrl: string;
  /** host:port of the stack's Temporal dev server. */
  readonly temporalAddress: string;
  readonly namespace: string;
  /** Unique per stack, so a stray worker can never pick up another stack's tasks. */
  readonly taskQueue: string;
  readonly http: StackHttp;
  /** A token the stack's API accepts (signed with its own key pair). */
  token(claims?: TokenClaims): Promise<string>;
  /** `Bearer <token>` for the identity `options` name, for requests made without {@link http}. */
  authorization(options?: Pick<RequestOptions, 'actor' | 'unit' | 'roles'>): Promise<string>;
  /** SIGKILL one worker (the oldest still running) and wait until it is gone: a crash, not a drain. */
  killWorker(): Promise<void>;
  /** Start one more worker and wait until it polls the task queue. */
  startWorker(): Promise<void>;
  /** Number of worker processes currently running. */
  runningWorkers(): number;
  /** SIGKILL the Temporal dev server and wait until it is gone: an outage of Temporal. */
  killTemporal(): Promise<void>;
  /** SIGKILL the API and wait until it is gone: a crash in the middle of whatever it serves. */
  killApi(): Promise<void>;
  /**
   * SIGTERM the API, as an orchestrator does before it replaces a pod, and wait until it exits
   * (SIGKILL after `graceMs`); resolves to how it ended, e.g. `exit code 0` or `killed by SIGKILL`.
   */
  stopApi(graceMs?: number): Promise<string>;
  /** Start the API again (after {@link killApi} or {@link stopApi}) on the same port and wait until it answers. */
  restartApi(): Promise<void>;
  /** Start one more API process on the same database and Temporal (a second replica); answers its API root. */
  startReplica(): Promise<string>;
  /** Stop everything this stack started (awaited) and drop its database. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options for {@link startStack}. */
export interface StackOptions {
  /** Worker processes to start (default 1). */
  workerCount?: number;
  /** Names the log files (.data/logs/it-<name>-*.log); defaults to the test file's name. */
  name?: string;
  /** Extra environment for the API and worker processes, e.g. DONDOC_SHARD_SIZE. */
  env?: Record<string, string>;
  /**
   * The database URL the API is given, from the stack's own (migrations and workers keep that
   * one): e.g. through a proxy the test can cut, to take PostgreSQL away from the API alone.
   */
  apiDatabaseUrl?: (databaseUrl: string) => string;
  /**
   * Where the test's own requests get their tokens, when the API trusts an identity provider
   * (oidc mode) rather than the stack's key: a token for the person, unit and roles named.
   */
  identityToken?: (identity: { sub: string; unitId: string; roles: readonly string[] }) => Promise<string>;
}

/** Options for {@link pollUntil}. */
export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** What we wait for, in words; it leads the timeout message. */
  description: string;
}

/**
 * Call `fn` until `predicate` accepts its result, or fail after `timeoutMs` with the last value
 * (or the last error `fn` threw) in the message. Tests wait for eventual states this way
 * instead of sleeping a guessed amount.
 */
export async function pollUntil<T>(
  fn: () => Promise<T>,
  predicate: (value: T) => boolean,
  { timeoutMs, intervalMs = 250, description }: PollOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  let last: { value: T } | undefined;
  let lastError: unknown;
  for (;;) {
    attempts += 1;
    try {
      const value = await fn();
      last = { value };
      lastError = undefined;
      if (predicate(value)) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const seen =
        lastError !== undefined
          ? `last attempt threw: ${describeError(lastError)}`
          : last !== undefined
            ? `last value: ${preview(last.value)}`
            : 'no value';
      throw new Error(`Timed out after ${timeoutMs} ms (${attempts} attempts) waiting for ${description}; ${seen}`);
    }
    await delay(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it: bind port 0, read, release). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port the OS assigned'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** A private stack not started yet: named and configured, so a file can hold it before its beforeAll runs. */
export interface StartableStack extends Stack {
  /** Starts Temporal, the database, the workers and the API; `stop()` tears down whatever it got to. */
  start(): Promise<void>;
}

/** A private stack for one test file, not started yet (see {@link useStack} in ./use-stack). */
export function createStack(options: StackOptions = {}): StartableStack {
  return new PrivateStack(
    stackName(options.name),
    options.env ?? {},
    options.apiDatabaseUrl,
    options.workerCount ?? 1,
    options.identityToken,
  );
}

/** Start a private stack for one test file; on any failure, tears down what it had started. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const stack = createStack(options);
  try {
    await stack.start();
    return stack;
  } catch (error) {
    await stack.stop().catch(() => undefined);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Every child is registered under .data/run/it-children/<run>/<pid> while it runs (and every
 * database under db.<name> while it exists). Jest's
 * sandbox never sees the process 'exit' event, so a test that forgets `stop()` (or a crashed jest
 * worker) cannot clean up from here; infra/test.sh reaps what its run left registered instead.
 * <run> is DONDOC_TEST_RUN_ID (set by infra/test.sh) so concurrent runs never reap each other.
 */
const childRegistry = path.join(repoRoot, '.data', 'run', 'it-children', process.env.DONDOC_TEST_RUN_ID ?? 'adhoc');

function registerChild(pid: number | undefined, label: string): void {
  if (pid === undefined) return;
  mkdirSync(childRegistry, { recursive: true });
  writeFileSync(path.join(childRegistry, String(pid)), `${label}\n`);
}

function unregisterChild(pid: number | undefined): void {
  if (pid !== undefined) rmSync(path.join(childRegistry, String(pid)), { force: true });
}

/** Databases are registered the same way (`db.<name>`), so leftovers are dropped too. */
export function registerDatabase(name: string, adminUrl: string): void {
  mkdirSync(childRegistry, { recursive: true });
  writeFileSync(path.join(childRegistry, `db.${name}`), `${adminUrl}\n`);
}

/** Forgets a database registered by {@link registerDatabase}, once it is dropped. */
export function unregisterDatabase(name: string): void {
  rmSync(path.join(childRegistry, `db.${name}`), { force: true });
}

/** A child process whose output goes to a log file and whose exit can be awaited. */
class LoggedProcess {
  readonly exited: Promise<void>;
  private exitDescription: string | undefined;

  private constructor(
    readonly label: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {
    registerChild(child.pid, label);
    // Unref'd: a forgotten stop() must not hold jest open forever (test.sh reaps the child).
    // While a hook or test awaits `exited`, jest's own timeout timer keeps the loop alive.
    child.unref();
    this.exited = new Promise((resolve) => {
      const finish = (description: string): void => {
        if (this.exitDescription !== undefined) return;
        this.exitDescription = description;
        unregisterChild(child.pid);
        resolve();
      };
      child.once('exit', (code, signal) =>
        finish(signal !== null ? `killed by ${signal}` : `exit code ${code ?? '?'}`),
      );
      // 'error' without 'exit' happens when the executable cannot be spawned at all.
      child.once('error', (error) => finish(`failed to start: ${error.message}`));
    });
  }

  /** Spawn `command args` with stdout/stderr appended to `logFile`. */
  static spawn(label: string, logFile: string, command: string, args: string[], env: NodeJS.ProcessEnv): LoggedProcess {
    mkdirSync(path.dirname(logFile), { recursive: true });
    const fd = openSync(logFile, 'a');
    try {
      const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', fd, fd] });
      return new LoggedProcess(label, logFile, child);
    } finally {
      // The child holds its own copy of the descriptor.
      closeSync(fd);
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitDescription === undefined;
  }

  /** How it ended, once it has. */
  get exitStatus(): string {
    return this.exitDescription ?? 'running';
  }

  /** SIGTERM (the apps drain and exit), then SIGKILL after the grace period. */
  async stop(graceMs = stopGraceMs): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    // The grace timer is cancelled once the process exits, so no pending timer keeps jest alive.
    const cancelTimer = new AbortController();
    const timer = delay(graceMs, 'timeout' as const, { signal: cancelTimer.signal }).catch(() => 'cancelled' as const);
    const outcome = await Promise.race([this.exited.then(() => 'exited' as const), timer]);
    cancelTimer.abort();
    if (outcome === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** SIGKILL and wait for the exit: what a crash or an OOM kill looks like. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** The last lines of its log, for failure messages. */
  tail(lines = 40): string {
    return `--- ${this.label} (${this.exitStatus}), last ${lines} lines of ${path.relative(repoRoot, this.logFile)} ---\n${tailOfFile(this.logFile, lines)}`;
  }
}

class PrivateStack implements StartableStack {
  baseUrl = '';
  databaseUrl = '';
  temporalAddress = '';
  readonly namespace = 'default';
  readonly taskQueue: string;
  readonly http: StackHttp;

  private readonly temporalCli = resolveTemporalCli();
  private readonly adminDatabaseUrl = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  private readonly databaseName: string;
  private temporal: LoggedProcess | undefined;
  private api: LoggedProcess | undefined;
  private workers: LoggedProcess[] = [];
  private replicas: LoggedProcess[] = [];
  private workerSerial = 0;
  private databaseCreated = false;
  private stopping: Promise<void> | undefined;
  private signingKey: Promise<KeyLike> | undefined;
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    private readonly name: string,
    private extraEnv: Record<string, string>,
    private readonly apiDatabaseUrl: ((databaseUrl: string) => string) | undefined,
    private readonly initialWorkers: number,
    private readonly identityToken: StackOptions['identityToken'],
  ) {
    const suffix = name.replace(/-/g, '_');
    this.databaseName = `dondoc_it_${suffix}`;
    this.taskQueue = `dondoc-it-${name}`;
    this.http = createHttp(
      () => this.baseUrl,
      (options) => this.authorization(options),
    );
  }

  token(claims: TokenClaims = {}): Promise<string> {
    if (claims.without !== undefined) return this.tokenWithout(claims.without, claims);
    return (async () =>
      issueToken({
        key: claims.forged === true ? (await generateKeyPair('ES256')).privateKey : await this.signingKey!,
        algorithm: 'ES256',
        issuer: DEFAULT_LOCAL_ISSUER,
        audience: claims.audience ?? DEFAULT_AUDIENCE,
        unitClaim: 'dondoc_unit',
        rolesClaim: 'dondoc_roles',
        sub: claims.sub ?? DEFAULT_IDENTITY.actor,
        unitId: claims.unitId ?? DEFAULT_IDENTITY.unit,
        roles: claims.roles ?? DEFAULT_IDENTITY.roles,
        ttlSeconds: claims.ttlSeconds ?? 3_600,
      }))();
  }

  private async tokenWithout(claim: string, claims: TokenClaims): Promise<string> {
    const payload: Record<string, unknown> = {
      dondoc_unit: claims.unitId ?? DEFAULT_IDENTITY.unit,
      dondoc_roles: [...(claims.roles ?? DEFAULT_IDENTITY.roles)],
    };
    delete payload[claim];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuer(DEFAULT_LOCAL_ISSUER)
      .setAudience(claims.audience ?? DEFAULT_AUDIENCE)
      .setSubject(claims.sub ?? DEFAULT_IDENTITY.actor)
      .setIssuedAt()
      .setExpirationTime(`${claims.ttlSeconds ?? 3_600}s`)
      .sign(await this.signingKey!);
  }

  authorization(options: Pick<RequestOptions, 'actor' | 'unit' | 'roles'> = {}): Promise<string> {
    const sub = options.actor ?? DEFAULT_IDENTITY.actor;
    const unitId = options.unit ?? DEFAULT_IDENTITY.unit;
    const roles = options.roles ?? DEFAULT_IDENTITY.roles;
    const key = JSON.stringify([sub, unitId, roles]);
    let token = this.tokens.get(key);
    if (token === undefined) {
      const issued = this.identityToken?.({ sub, unitId, roles }) ?? this.token({ sub, unitId, roles });
      token = issued.then((t) => `Bearer ${t}`);
      this.tokens.set(key, token);
    }
    return token;
  }

  /** A key pair of its own: the API verifies with the public half, tests sign with the private. */
  private async createKeyPair(): Promise<void> {
    const pair = generateKeyPair('ES256');
    this.signingKey = pair.then((p) => p.privateKey);
    const file = path.join(repoRoot, '.data', 'keys', `it-${this.name}-public.pem`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await exportSPKI((await pair).publicKey));
    // The private half too, for the API's development sign-in (DONDOC_DEV_SIGN_IN) the console tests use.
    const privateFile = path.join(repoRoot, '.data', 'keys', `it-${this.name}-private.pem`);
    writeFileSync(privateFile, await exportPKCS8((await pair).privateKey), { mode: 0o600 });
    // Integration tests follow reminders and escalations second by second; production keeps PT1H.
    this.extraEnv = {
      ...this.extraEnv,
      DONDOC_JWT_PUBLIC_KEY_FILE: file,
      DONDOC_JWT_PRIVATE_KEY_FILE: privateFile,
      DONDOC_RATE_LIMIT: this.extraEnv['DONDOC_RATE_LIMIT'] ?? '0',
      DONDOC_MIN_NOTICE_INTERVAL: this.extraEnv['DONDOC_MIN_NOTICE_INTERVAL'] ?? 'PT1S',
      // Attachments of its own: a stack's sweep must never take blobs another database names.
      DONDOC_STORAGE_DIR:
        this.extraEnv['DONDOC_STORAGE_DIR'] ?? path.join(repoRoot, '.data', 'run', 'it-attachments', this.name),
    };
  }

  async start(): Promise<void> {
    for (const entry of [apiEntry, workerEntry, migrateEntry]) {
      if (!existsSync(entry)) {
        throw new Error(
          `${path.relative(repoRoot, entry)} is missing: run \`npm run build\` first (infra/test.sh does)`,
        );
      }
    }
    // Temporal and the database are independent: prepare both at once.
    await Promise.all([this.startTemporal(), this.createDatabase(), this.createKeyPair()]);
    await this.startWorkers(this.initialWorkers);
    await this.startApi();
  }

  async killWorker(): Promise<void> {
    const victim = this.workers.find((worker) => worker.running);
    if (victim === undefined) throw new Error('killWorker: no worker is running');
    await victim.kill();
  }

  async startWorker(): Promise<void> {
    await this.startWorkers(1);
  }

  runningWorkers(): number {
    return this.workers.filter((worker) => worker.running).length;
  }

  async killTemporal(): Promise<void> {
    await this.temporal?.kill();
  }

  async killApi(): Promise<void> {
    if (this.api === undefined) throw new Error('killApi: the API was never started');
    await this.api.kill();
  }

  async stopApi(graceMs?: number): Promise<string> {
    if (this.api === undefined) throw new Error('stopApi: the API was never started');
    await this.api.stop(graceMs);
    return this.api.exitStatus;
  }

  async restartApi(): Promise<void> {
    if (this.api?.running === true) throw new Error('restartApi: the API is still running');
    await this.startApi(Number(new URL(this.baseUrl).port));
  }

  stop(): Promise<void> {
    // Idempotent: afterAll and a failed startStack may both call it.
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    const problems: string[] = [];
    const attempt = async (what: string, action: () => Promise<void>): Promise<void> => {
      try {
        await action();
      } catch (error) {
        problems.push(`${what}: ${describeError(error)}`);
      }
    };
    // Dependency order: the API stops taking requests, workers drain, then the server goes.
    await attempt('stop API', async () => {
      await Promise.all([this.api, ...this.replicas].map((api) => api?.stop()));
    });
    await attempt('stop workers', async () => {
      await Promise.all(this.workers.map((worker) => worker.stop()));
    });
    await attempt('stop Temporal', async () => this.temporal?.stop());
    if (this.databaseCreated) {
      await attempt('drop database', async () => {
        // FORCE: a connection left open by a killed process must not keep the database alive.
        await withAdminClient(this.adminDatabaseUrl, (client) => dropDatabaseForced(client, this.databaseName));
        unregisterDatabase(this.databaseName);
      });
    }
    if (problems.length > 0) throw new Error(`stopping stack ${this.name}: ${problems.join('; ')}`);
  }

  private logFile(part: string): string {
    return path.join(logDir, `it-${this.name}-${part}.log`);
  }

  private appEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_NAMESPACE: this.namespace,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      ...this.extraEnv,
      ...extra,
    };
  }

  private async startTemporal(): Promise<void> {
    const port = await freePort();
    this.temporalAddress = `127.0.0.1:${port}`;
    // In memory (no --db-filename) and headless: throwaway state, no UI port to collide on.
    // The HTTP API and metrics ports default to random free ones.
    this.temporal = LoggedProcess.spawn(
      'temporal dev server',
      this.logFile('temporal'),
      this.temporalCli,
      ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'],
      process.env,
    );
    const temporal = this.temporal;
    await pollUntil(
      async () => {
        if (!temporal.running) throw new Error(`it exited (${temporal.exitStatus})`);
        // The namespace answering is the real readiness: the port opens a little before it.
        return (
          (
            await runCommand(this.temporalCli, [
              'operator',
              'namespace',
              'describe',
              '--namespace',
              this.namespace,
              '--address',
              this.temporalAddress,
              '--command-timeout',
              '5s',
            ])
          ).code === 0
        );
      },
      (ready) => ready,
      { timeoutMs: startTimeoutMs, intervalMs: 300, description: `the Temporal dev server at ${this.temporalAddress}` },
    ).catch((error: unknown) => {
      throw new Error(`${describeError(error)}\n${temporal.tail()}`);
    });
  }

  private async createDatabase(): Promise<void> {
    registerDatabase(this.databaseName, this.adminDatabaseUrl);
    await withAdminClient(this.adminDatabaseUrl, (client) => client.query(`CREATE DATABASE "${this.databaseName}"`));
    this.databaseCreated = true;
    const url = new URL(this.adminDatabaseUrl);
    url.pathname = `/${this.databaseName}`;
    this.databaseUrl = url.toString();

    const migrate = LoggedProcess.spawn('migrate', this.logFile('migrate'), process.execPath, [migrateEntry], {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
    });
    await migrate.exited;
    if (migrate.exitStatus !== 'exit code 0') {
      throw new Error(`migrations failed for ${this.databaseName}\n${migrate.tail()}`);
    }
  }

  private async startWorkers(count: number): Promise<void> {
    const started: LoggedProcess[] = [];
    for (let i = 0; i < count; i += 1) {
      this.workerSerial += 1;
      const worker = LoggedProcess.spawn(
        `worker ${this.workerSerial}`,
        this.logFile(`worker-${this.workerSerial}`),
        process.execPath,
        [workerEntry],
        this.appEnv(),
      );
      this.workers.push(worker);
      started.push(worker);
    }
    await Promise.all(started.map((worker) => this.waitUntilPolling(worker)));
  }

  /**
   * A worker is ready when Temporal lists it among the task queue's pollers. It bundles the
   * workflows first, which takes seconds; tests that start work before then would spend their
   * own deadlines waiting. Pollers are matched by the SDK's default identity, `<pid>@<host>`.
   */
  private async waitUntilPolling(worker: LoggedProcess): Promise<void> {
    const identityPrefix = `${worker.pid ?? 'unknown'}@`;
    await pollUntil(
      async () => {
        if (!worker.running) throw new Error(`it exited (${worker.exitStatus})`);
        const result = await runCommand(this.temporalCli, [
          'task-queue',
          'describe',
          '--task-queue',
          this.taskQueue,
          '--namespace',
          this.namespace,
          '--address',
          this.temporalAddress,
          '--command-timeout',
          '5s',
          '--output',
          'json',
        ]);
        if (result.code !== 0) throw new Error(result.stderr.trim() || `temporal exited with ${result.code}`);
        const described = JSON.parse(result.stdout) as { pollers?: Array<{ identity?: string }> | null };
        return (described.pollers ?? []).map((poller) => poller.identity ?? '');
      },
      (identities) => identities.some((identity) => identity.startsWith(identityPrefix)),
      {
        timeoutMs: startTimeoutMs,
        intervalMs: 500,
        description: `${worker.label} (pid ${worker.pid ?? '?'}) to poll task queue ${this.taskQueue}`,
      },
    ).catch((error: unknown) => {
      throw new Error(`${describeError(error)}\n${worker.tail()}`);
    });
  }

  async startReplica(): Promise<string> {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}/api/v1`;
    const serial = this.replicas.length + 2;
    const replica = LoggedProcess.spawn(
      `API ${serial}`,
      this.logFile(`api-${serial}`),
      process.execPath,
      [apiEntry],
      this.appEnv({ PORT: String(port) }),
    );
    this.replicas.push(replica);
    await pollUntil(
      async () => {
        if (!replica.running) throw new Error(`it exited (${replica.exitStatus})`);
        return (await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) })).status;
      },
      (status) => status === 200,
      { timeoutMs: startTimeoutMs, intervalMs: 300, description: `GET ${baseUrl}/health to answer 200` },
    ).catch((error: unknown) => {
      throw new Error(`${describeError(error)}\n${replica.tail()}`);
    });
    return baseUrl;
  }

  private async startApi(reusePort?: number): Promise<void> {
    const port = reusePort ?? (await freePort());
    this.baseUrl = `http://127.0.0.1:${port}/api/v1`;
    const database: Record<string, string> = this.apiDatabaseUrl
      ? { DATABASE_URL: this.apiDatabaseUrl(this.databaseUrl) }
      : {};
    this.api = LoggedProcess.spawn(
      'API',
      this.logFile('api'),
      process.execPath,
      [apiEntry],
      this.appEnv({ PORT: String(port), ...database }),
    );
    const api = this.api;
    await pollUntil(
      async () => {
        if (!api.running) throw new Error(`it exited (${api.exitStatus})`);
        return (await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(5_000) })).status;
      },
      (status) => status === 200,
      { timeoutMs: startTimeoutMs, intervalMs: 300, description: `GET ${this.baseUrl}/health to answer 200` },
    ).catch((error: unknown) => {
      const tails = [api.tail(), ...this.workers.map((worker) => worker.tail(20))].join('\n');
      throw new Error(`${describeError(error)}\n${tails}`);
    });
  }
}

function createHttp(baseUrl: () => string, authorization: (options: RequestOptions) => Promise<string>): StackHttp {
  const request = async <T>(
    method: string,
    route: string,
    body: unknown,
    options: RequestOptions = {},
  ): Promise<HttpResponse<T>> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token === undefined) headers.authorization = await authorization(options);
    else if (options.token !== null) headers.authorization = `Bearer ${options.token}`;
    Object.assign(headers, options.headers);
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(30_000) };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const url = `${baseUrl()}${route.startsWith('/') ? route : `/${route}`}`;
    const response = await fetch(url, init);
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json') && text.length > 0;
    const parsed: unknown = isJson ? JSON.parse(text) : text;
    // Every answer the suite sees is held to the API's OpenAPI document.
    assertMatchesContract(method, url, response, parsed);
    return { status: response.status, body: parsed as T, headers: response.headers };
  };
  return {
    get: (route, options) => request('GET', route, undefined, options),
    post: (route, body, options) => request('POST', route, body, options),
    put: (route, body, options) => request('PUT', route, body, options),
    patch: (route, body, options) => request('PATCH', route, body, options),
    delete: (route, options) => request('DELETE', route, undefined, options),
  };
}

/** The CLI infra/tools.sh installed, or the one TEMPORAL_CLI_PATH names. */
export function resolveTemporalCli(): string {
  const cli = process.env.TEMPORAL_CLI_PATH ?? path.join(repoRoot, '.tools/temporal/bin/temporal');
  if (!existsSync(cli)) {
    throw new Error(
      `Temporal CLI not found at ${cli}: run \`bash infra/tools.sh\` (infra/test.sh does) or set TEMPORAL_CLI_PATH`,
    );
  }
  return cli;
}

/** Stack names become database names and file names: lower-case letters, digits and dashes. */
export function stackName(requested: string | undefined): string {
  const testPath = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.()
    .testPath;
  const base = requested ?? (testPath !== undefined ? path.basename(testPath).replace(/\.spec\.ts$/, '') : 'stack');
  const slug =
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'stack';
  // Random suffix: the same file run twice at once (or a leftover from a crash) never collides.
  return `${slug}-${randomBytes(3).toString('hex')}`;
}

/** Runs `action` on a short-lived connection to `url`, with a message saying what to do when the server is down. */
/**
 * DROP DATABASE … WITH (FORCE), retried a few times when PostgreSQL refuses to end a session
 * (42501): a connection still authenticating has no role yet, and PostgreSQL will not signal it
 * until it has one, a moment later.
 */
async function dropDatabaseForced(client: Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= 10) throw error;
      await delay(200);
    }
  }
}

export async function withAdminClient<T>(url: string, action: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `cannot connect to PostgreSQL at ${redact(url)} (${describeError(error)}); run \`bash infra/postgres.sh ensure\` or set DATABASE_URL`,
    );
  }
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a short command to completion and collect its output (bounded by its own timeout flag). */
async function runCommand(command: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function tailOfFile(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch {
    return '(no log)';
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}
