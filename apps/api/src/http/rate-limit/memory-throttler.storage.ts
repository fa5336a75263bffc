import type { ThrottlerStorage } from '@nestjs/throttler';
import { bucketRule, refilled, storageRecord, type ThrottlerStorageRecord } from './token-bucket';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets in this process (DONDOC_RATE_LIMIT_STORE=memory): with N replicas behind a
 * balancer the effective limit is up to N times higher, which still protects each process.
 * Holds at most `maxKeys` buckets, forgetting the least recently seen first (a forgotten bucket
 * is a full one), where the library's own store keeps one timer per key and no bound.
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
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
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit, updatedAt: now };
    bucket.tokens = refilled(rule, bucket.tokens, now - bucket.updatedAt);
    bucket.updatedAt = now;
    // Re-inserting keeps the map in least-recently-seen order, so the oldest is evicted first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return storageRecord(rule, bucket.tokens, allowed);
  }

  /** Buckets currently held. */
  get size(): number {
    return this.buckets.size;
  }
}
