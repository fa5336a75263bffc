/**
 * The rate limit counted in PostgreSQL (DONDOC_RATE_LIMIT_STORE=postgres): two stores on two
 * connection pools, as two API replicas have, spend one allowance per identity between them,
 * also when their requests arrive at once, and the bucket refills as the in-memory one does;
 * then two API processes on one database refuse a caller once the two together have served
 * the allowance.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDataSource } from '@dondoc/persistence';
import type { DataSource } from 'typeorm';
import { PostgresThrottlerStorage } from '../../apps/api/src/http/rate-limit/postgres-throttler.storage';
import { createTestDatabase, type TestDatabase } from './support/database';
import { freePort, pollUntil, startStack, type Stack } from './support/stack';

const MINUTE = 60_000;

describe('PostgreSQL rate-limit store shared by two replicas', () => {
  let database: TestDatabase;
  let secondPool: DataSource;
  let replicaA: PostgresThrottlerStorage;
  let replicaB: PostgresThrottlerStorage;

  beforeAll(async () => {
    database = await createTestDatabase();
    secondPool = createDataSource(database.url, { extra: { max: 4 }, logging: false });
    await secondPool.initialize();
    replicaA = new PostgresThrottlerStorage(database.dataSource);
    replicaB = new PostgresThrottlerStorage(secondPool);
  });

  afterAll(async () => {
    if (secondPool?.isInitialized) await secondPool.destroy();
    await database?.drop();
  });

  it('spends one allowance per identity across both, then refuses on either with the wait for the next token', async () => {
    const take = (replica: PostgresThrottlerStorage, key: string) =>
      replica.increment(key, MINUTE, 3, MINUTE, 'default');
    expect(await take(replicaA, 'default:sub:alice@ubnd')).toMatchObject({ isBlocked: false, totalHits: 1 });
    expect(await take(replicaB, 'default:sub:alice@ubnd')).toMatchObject({ isBlocked: false, totalHits: 2 });
    expect(await take(replicaA, 'default:sub:alice@ubnd')).toMatchObject({ isBlocked: false, totalHits: 3 });
    const refused = await take(replicaB, 'default:sub:alice@ubnd');
    expect(refused).toMatchObject({ isBlocked: true, timeToBlockExpire: 20 });
    expect(await take(replicaA, 'default:sub:alice@ubnd')).toMatchObject({ isBlocked: true });
    expect(await take(replicaB, 'default:sub:bob@ubnd')).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('lets exactly the allowance through when both replicas take at once', async () => {
    const attempts = Array.from({ length: 12 }, (_, i) =>
      (i % 2 === 0 ? replicaA : replicaB).increment('default:ip:10.0.0.9', MINUTE, 5, MINUTE, 'default'),
    );
    const records = await Promise.all(attempts);
    expect(records.filter((record) => !record.isBlocked)).toHaveLength(5);
  });

  it('refills continuously, so a refused identity is served again once a token is back', async () => {
    // Two a second: one token every 500 ms.
    const take = (replica: PostgresThrottlerStorage) =>
      replica.increment('default:sub:carol@ubnd', 1_000, 2, 1_000, 'default');
    await take(replicaA);
    await take(replicaB);
    expect(await take(replicaA)).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
    const served = await pollUntil(
      () => take(replicaB),
      (record) => !record.isBlocked,
      {
        timeoutMs: 5_000,
        intervalMs: 100,
        description: 'a token to come back within a second',
      },
    );
    expect(served.isBlocked).toBe(false);
  });

  it('forgets buckets that are full again, so the table holds only recent identities', async () => {
    await replicaA.increment('default:sub:dave@ubnd', MINUTE, 3, MINUTE, 'default');
    const count = async (): Promise<number> =>
      Number(
        ((await database.dataSource.query('SELECT count(*) AS n FROM rate_limit_buckets')) as { n: string }[])[0]?.n,
      );
    expect(await count()).toBeGreaterThan(0);
    await database.dataSource.query(`UPDATE rate_limit_buckets SET updated_at = updated_at - interval '2 minutes'`);
    await replicaB.forgetFullBuckets(MINUTE);
    expect(await count()).toBe(0);
  });
});

describe('two API processes with DONDOC_RATE_LIMIT_STORE=postgres', () => {
  const PER_MINUTE = 6;
  let stack: Stack;
  let second: ChildProcess | undefined;
  let secondBaseUrl: string;
  let keyDir: string;

  beforeAll(async () => {
    const env = { DONDOC_RATE_LIMIT: String(PER_MINUTE), DONDOC_RATE_LIMIT_STORE: 'postgres' };
    stack = await startStack({ env });
    // The second replica only sees callers without a token, so a key of its own will do.
    keyDir = mkdtempSync(path.join(tmpdir(), 'dondoc-rate-limit-'));
    const publicKeyFile = path.join(keyDir, 'public.pem');
    writeFileSync(
      publicKeyFile,
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }),
    );
    const port = await freePort();
    secondBaseUrl = `http://127.0.0.1:${port}/api/v1`;
    const log = openSync(path.join(__dirname, '../../.data/logs/it-rate-limit-store-second-api.log'), 'a');
    second = spawn(process.execPath, [path.join(__dirname, '../../dist/apps/api/src/main.js')], {
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        DATABASE_URL: stack.databaseUrl,
        TEMPORAL_ADDRESS: stack.temporalAddress,
        TEMPORAL_NAMESPACE: stack.namespace,
        TEMPORAL_TASK_QUEUE: stack.taskQueue,
        DONDOC_JWT_PUBLIC_KEY_FILE: publicKeyFile,
      },
      stdio: ['ignore', log, log],
    });
    await pollUntil(
      async () => (await fetch(`${secondBaseUrl}/health/ready`, { signal: AbortSignal.timeout(5_000) })).status,
      (status) => status === 200,
      { timeoutMs: 60_000, intervalMs: 300, description: 'the second API to be ready' },
    );
  });

  afterAll(async () => {
    if (second !== undefined && second.exitCode === null) {
      const exited = new Promise((resolve) => second?.once('exit', resolve));
      second.kill('SIGTERM');
      await exited;
    }
    if (keyDir !== undefined) rmSync(keyDir, { recursive: true, force: true });
    await stack?.stop();
  });

  const anonymous = (baseUrl: string): Promise<Response> =>
    fetch(`${baseUrl}/units`, { signal: AbortSignal.timeout(30_000) });

  it('refuses a caller on either replica once the two together served the allowance', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE; i += 1)
      statuses.push((await anonymous(i % 2 === 0 ? stack.baseUrl : secondBaseUrl)).status);
    // Refused by the access guard, but counted: guessing tokens is limited too.
    expect(statuses).toEqual(Array.from({ length: PER_MINUTE }, () => 401));
    for (const baseUrl of [stack.baseUrl, secondBaseUrl]) {
      const refused = await anonymous(baseUrl);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    }
    // Someone else is not held back, and health stays open.
    expect((await stack.http.get('/units?limit=1')).status).toBe(200);
    expect((await fetch(`${secondBaseUrl}/health/live`)).status).toBe(200);
  });
});
