/**
 * Idempotency keys across a PostgreSQL outage, on the real database: two API replicas' stores,
 * replica A reaching PostgreSQL through a proxy the test cuts (the shared server cannot be
 * stopped), replica B directly. A request that claimed its key on A before the outage and could
 * not write its answer (or give the key back) while the database was away does not hold the key
 * for its lease once A is back: the retry, on either replica, replays the recorded answer or
 * acts once, within seconds — the lease here is 90 s, so it cannot be what frees the key.
 */
import type { DataSource } from 'typeorm';
import { createDataSource } from '@dondoc/persistence';
import { loadApiSettings } from '@dondoc/config';
import type { CallerKey } from '../../apps/api/src/idempotency/idempotency-key';
import { IdempotencyStore, type KeyedRequest } from '../../apps/api/src/idempotency/idempotency.store';
import { createTestDatabase, type TestDatabase } from './support/database';
import { DatabaseProxy } from './support/database-proxy';
import { freePort, pollUntil } from './support/stack';
import { unique } from './support/builders';

/** Well past every wait below: a key freed within them was not freed by its lease. */
const UPDATE_TIMEOUT_MS = 60_000;
/** How long a retry may be told "busy" once the database is back (the store writes what it kept every second). */
const SETTLED_WITHIN_MS = 8_000;

let database: TestDatabase;
let proxy: DatabaseProxy;
let viaProxy: DataSource;
let replicaA: IdempotencyStore;
let replicaB: IdempotencyStore;

function storeOver(dataSource: DataSource, url: string): IdempotencyStore {
  const settings = loadApiSettings({ DATABASE_URL: url, DONDOC_UPDATE_TIMEOUT_MS: String(UPDATE_TIMEOUT_MS) });
  return new IdempotencyStore(dataSource, settings);
}

function aRequest(path: string): KeyedRequest {
  return {
    sub: 'can.bo.1',
    unitId: 'bac-kan-city/ubnd',
    key: `outage-${unique()}`,
    method: 'POST',
    path,
    fingerprint: `fingerprint-of-${path}`,
  };
}

/** True once replica A holds its liveness lock again: to B, A is alive and its claims are its own. */
async function livenessHeldBy(store: IdempotencyStore): Promise<boolean> {
  const [row] = await database.dataSource.query<{ held: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1
       AND objid = (hashtext($2)::bigint & 4294967295)::oid
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS held`,
    [0x1de4, store.owner],
  );
  return row?.held === true;
}

async function keyRow(key: CallerKey): Promise<{ owner: string; response_status: number | null } | undefined> {
  const [row] = await database.dataSource.query<{ owner: string; response_status: number | null }[]>(
    `SELECT owner, response_status FROM idempotency_keys WHERE caller_sub = $1 AND caller_unit = $2 AND key = $3`,
    [key.sub, key.unitId, key.key],
  );
  return row;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const direct = new URL(database.url);
  proxy = new DatabaseProxy(await freePort(), { host: direct.hostname, port: Number(direct.port || 5432) });
  await proxy.listen('up');
  const proxied = new URL(database.url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  viaProxy = createDataSource(proxied.toString(), {
    extra: { max: 4, connectionTimeoutMillis: 2_000 },
    logging: false,
  });
  await viaProxy.initialize();
  replicaA = storeOver(viaProxy, proxied.toString());
  replicaB = storeOver(database.dataSource, database.url);
  await replicaA.onModuleInit();
  await replicaB.onModuleInit();
}, 60_000);

afterAll(async () => {
  await replicaA?.onApplicationShutdown();
  await replicaB?.onApplicationShutdown();
  if (viaProxy?.isInitialized) await viaProxy.destroy();
  await proxy?.down();
  // Last: the stores' liveness connections are closed by then.
  await database?.drop();
});

describe('a claim whose answer could not be written while PostgreSQL was down', () => {
  it('is settled once the database is back: the other replica replays the answer or acts once, within seconds', async () => {
    const answered = aRequest('/tasks/t-1/progress');
    const failed = aRequest('/tasks/t-2/acknowledge');
    expect(await replicaA.claim(answered)).toEqual({ kind: 'claimed' });
    expect(await replicaA.claim(failed)).toEqual({ kind: 'claimed' });

    await proxy.down();
    // One request's answer was final (200), the other's not (a 503): neither can be written now.
    await replicaA.complete(answered, 200, '{"status":"in_progress"}');
    await replicaA.release(failed);
    expect(replicaA.unwrittenCount).toBe(2);
    // Meanwhile a retry reaching replica A is told the database is away, not "still being processed".
    const refused = await replicaA.claim(answered).catch((error: unknown) => error);
    expect(refused).toMatchObject({ message: expect.stringMatching(/ECONNREFUSED|Connection terminated/) });

    await proxy.listen('up');
    await pollUntil(() => livenessHeldBy(replicaA), Boolean, {
      timeoutMs: 15_000,
      intervalMs: 100,
      description: "replica A's liveness lock to be held again",
    });
    const back = Date.now();
    const replayed = await pollUntil(
      () => replicaB.claim(answered),
      (claim) => claim.kind !== 'busy',
      {
        timeoutMs: SETTLED_WITHIN_MS,
        intervalMs: 200,
        description: 'the retry of the answered request to stop being busy',
      },
    );
    expect(replayed).toEqual({ kind: 'replay', status: 200, body: '{"status":"in_progress"}' });
    const claimed = await pollUntil(
      () => replicaB.claim(failed),
      (claim) => claim.kind !== 'busy',
      {
        timeoutMs: SETTLED_WITHIN_MS,
        intervalMs: 200,
        description: 'the retry of the failed request to stop being busy',
      },
    );
    expect(claimed).toEqual({ kind: 'claimed' });
    expect(Date.now() - back).toBeLessThan(SETTLED_WITHIN_MS);
    expect(await keyRow(failed)).toMatchObject({ owner: replicaB.owner, response_status: null });
    expect(replicaA.unwrittenCount).toBe(0);
    // The retry that acts records its own answer, and later repeats replay it on either replica.
    await replicaB.complete(failed, 200, '{"status":"acknowledged"}');
    expect(await replicaA.claim(failed)).toEqual({ kind: 'replay', status: 200, body: '{"status":"acknowledged"}' });
  }, 60_000);

  it('is settled by a retry on the same replica before it runs, without waiting for the next round', async () => {
    const answered = aRequest('/directives');
    expect(await replicaA.claim(answered)).toEqual({ kind: 'claimed' });
    await proxy.down();
    await replicaA.complete(answered, 201, '{"id":"d-1"}');
    await proxy.listen('up');
    const retried = await pollUntil(
      () => replicaA.claim(answered),
      () => true,
      { timeoutMs: SETTLED_WITHIN_MS, intervalMs: 100, description: 'replica A to reach the database again' },
    );
    expect(retried).toEqual({ kind: 'replay', status: 201, body: '{"id":"d-1"}' });
  }, 60_000);
});

describe('a claim its replica holds but no request of its serves', () => {
  it('is taken over at once by a retry on that replica, and is still busy to the other while the owner lives', async () => {
    const lost = aRequest('/tasks/t-3/progress');
    await pollUntil(() => livenessHeldBy(replicaA), Boolean, {
      timeoutMs: 15_000,
      intervalMs: 100,
      description: "replica A's liveness lock to be held (A is alive)",
    });
    // The claim was written, but its answer never reached the request (the connection broke after the commit).
    await database.dataSource.query(
      `INSERT INTO idempotency_keys (caller_sub, caller_unit, key, request_hash, method, path, owner, locked_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() + interval '90 seconds')`,
      [lost.sub, lost.unitId, lost.key, lost.fingerprint, lost.method, lost.path, replicaA.owner],
    );
    expect(await replicaB.claim(lost)).toEqual({ kind: 'busy' });
    expect(await replicaA.claim(lost)).toEqual({ kind: 'claimed' });
    // While that retry runs, a repeat on the same replica is busy, without a second run.
    expect(await replicaA.claim(lost)).toEqual({ kind: 'busy' });
    await replicaA.complete(lost, 200, '{"percent":50}');
    expect(await replicaB.claim(lost)).toEqual({ kind: 'replay', status: 200, body: '{"percent":50}' });
  });
});
