/**
 * The rate limit counted in PostgreSQL (DONDOC_RATE_LIMIT_STORE=postgres): two stores on two
 * connection pools, as two API replicas have, spend one allowance per identity between them,
 * also when their requests arrive at once, and the bucket refills as the in-memory one does.
 */
import { createDataSource } from '@dondoc/persistence';
import type { DataSource } from 'typeorm';
import { PostgresThrottlerStorage } from '../../apps/api/src/http/rate-limit/postgres-throttler.storage';
import { createTestDatabase, type TestDatabase } from './support/database';
import { pollUntil } from './support/stack';

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
