/**
 * A token bucket per identity: each holds up to `perMinute` tokens (so a burst of a minute's
 * allowance is fine) and refills continuously at `perMinute` a minute. In memory, per API
 * process: with N replicas behind a balancer the effective limit is up to N times higher, which
 * is acceptable for protecting each process; a shared limit would need PostgreSQL or a proxy.
 */

/** The answer for one request. */
export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Token buckets keyed by identity, least recently seen forgotten first beyond `maxIdentities`. */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxIdentities = 100_000,
  ) {
    if (!Number.isInteger(perMinute) || perMinute < 1) throw new RangeError(`perMinute must be a whole number ≥ 1 (got ${perMinute})`);
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one token for `identity`, or says how long until one is available. */
  take(identity: string): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(identity) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    // Re-inserting keeps the map in least-recently-seen order, so the oldest is evicted first.
    this.buckets.delete(identity);
    this.buckets.set(identity, bucket);
    if (this.buckets.size > this.maxIdentities) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)) };
  }

  /** Identities currently tracked. */
  get size(): number {
    return this.buckets.size;
  }
}
