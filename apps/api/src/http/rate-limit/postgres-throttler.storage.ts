import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';
import { bucketRule, storageRecord, type ThrottlerStorageRecord } from './token-bucket';

// The bucket refilled since it was last touched: `b` is the row as it was, $2 the limit, $3 the
// tokens one second adds. PostgreSQL's clock, so replicas whose clocks differ still agree.
const REFILLED = `LEAST($2::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM (now() - b.updated_at))::float8) * $3::float8)`;

// One statement, so two replicas taking from the same bucket at once cannot both spend its last
// token: the row lock of ON CONFLICT orders them. `taken` says whether this request got one.
const TAKE = `
  INSERT INTO rate_limit_buckets AS b (key, tokens, taken, updated_at)
  VALUES ($1, $2::float8 - 1, true, now())
  ON CONFLICT (key) DO UPDATE SET
    tokens = CASE WHEN ${REFILLED} >= 1 THEN ${REFILLED} - 1 ELSE ${REFILLED} END,
    taken = ${REFILLED} >= 1,
    updated_at = now()
  RETURNING tokens, taken`;

// A bucket untouched for a whole window is full again, the same as no row at all.
const FORGET_FULL = `DELETE FROM rate_limit_buckets WHERE updated_at < now() - make_interval(secs => $1::float8)`;

/**
 * Token buckets in PostgreSQL (DONDOC_RATE_LIMIT_STORE=postgres), so every API replica counts
 * against the same limit. The same arithmetic as the in-memory store, done by the database in
 * one statement per request. Every `forgetEvery` requests, rows of buckets that are full again
 * are deleted, so the table holds only identities seen within the last window.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private requestsSinceForget = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly forgetEvery = 1_000,
  ) {}

  /** Takes one token from `key`'s bucket, if it has one (the wait for the next token is the block, so `blockDuration` is unused). */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration?: number,
    _throttlerName?: string,
  ): Promise<ThrottlerStorageRecord> {
    const rule = bucketRule(limit, ttl);
    const rows = (await this.dataSource.query(TAKE, [key, limit, (limit * 1000) / ttl])) as {
      tokens: number;
      taken: boolean;
    }[];
    const row = rows[0];
    if (row === undefined) throw new Error('rate_limit_buckets: the upsert returned no row');
    this.requestsSinceForget += 1;
    if (this.requestsSinceForget >= this.forgetEvery) {
      this.requestsSinceForget = 0;
      await this.forgetFullBuckets(ttl);
    }
    return storageRecord(rule, Number(row.tokens), row.taken);
  }

  /** Deletes the buckets nobody took from for `ttlMs` (they are full). */
  async forgetFullBuckets(ttlMs: number): Promise<void> {
    await this.dataSource.query(FORGET_FULL, [ttlMs / 1000]);
  }
}
