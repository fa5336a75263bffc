import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a store answers the guard (the library declares the type but does not export it). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The token-bucket arithmetic both rate-limit stores share. An identity's bucket holds up to
 * `limit` tokens (so a burst of a whole window's allowance is fine) and refills continuously at
 * `limit` per `ttlMs`. Kept instead of @nestjs/throttler's fixed window, which lets an identity
 * spend twice its allowance across a window's edge and makes it wait out the whole window (60 s)
 * once refused; here it waits for one token (1/limit of the window).
 */
export interface BucketRule {
  /** Tokens the bucket holds when full, i.e. requests allowed at once. */
  limit: number;
  /** How long an empty bucket takes to fill again. */
  ttlMs: number;
}

/** Checks a rule the way the guard hands it to a store. */
export function bucketRule(limit: number, ttlMs: number): BucketRule {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`the limit must be a whole number ≥ 1 (got ${limit})`);
  if (!(ttlMs > 0)) throw new RangeError(`the window must be longer than 0 ms (got ${ttlMs})`);
  return { limit, ttlMs };
}

/** Tokens a bucket with `tokens` left at `elapsedMs` ago holds now. */
export function refilled(rule: BucketRule, tokens: number, elapsedMs: number): number {
  return Math.min(rule.limit, tokens + (Math.max(0, elapsedMs) * rule.limit) / rule.ttlMs);
}

/**
 * What the guard needs to know after a request took (or failed to take) a token from a bucket
 * that now holds `tokensLeft`: `limit - totalHits` is what remains, `timeToBlockExpire` (s) is
 * the wait until the next token when refused (Retry-After), `timeToExpire` (s) until the
 * bucket is full again.
 */
export function storageRecord(rule: BucketRule, tokensLeft: number, allowed: boolean): ThrottlerStorageRecord {
  const msPerToken = rule.ttlMs / rule.limit;
  return {
    totalHits: rule.limit - Math.floor(tokensLeft),
    timeToExpire: Math.ceil(((rule.limit - tokensLeft) * msPerToken) / 1000),
    isBlocked: !allowed,
    timeToBlockExpire: allowed ? 0 : Math.max(1, Math.ceil(((1 - tokensLeft) * msPerToken) / 1000)),
  };
}
