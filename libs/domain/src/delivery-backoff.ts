import { addDuration, isZeroDuration, parseIsoDuration } from './duration';
import { ValidationError } from './errors';

/**
 * How a failed delivery is retried: exponential back-off with full jitter (each wait drawn
 * uniformly below a ceiling that doubles per failure, so many deliveries failing together do not
 * retry together), capped, within a total window after which the delivery is `failed`.
 */
export interface BackoffPolicy {
  /** Ceiling of the first wait; doubles with each further failure. */
  baseMs: number;
  /** No wait is longer than this, however many failures. */
  capMs: number;
  /** No wait is shorter than this, so a jitter draw near zero does not retry in a tight loop. */
  minMs: number;
  /** How long after the first attempt a delivery is still tried (ISO 8601 duration, default PT24H). */
  window: string;
}

/** 30 s, doubling to at most an hour, for 24 hours: a receiver down for a night still gets its events. */
export const DEFAULT_BACKOFF_POLICY: Readonly<BackoffPolicy> = Object.freeze({
  baseMs: 30_000,
  capMs: 3_600_000,
  minMs: 1_000,
  window: 'PT24H',
});

/** What to do after a failed attempt: try again at an instant, or give up. */
export type RetryDecision =
  { kind: 'retry'; at: number; delayMs: number } | { kind: 'failed'; reason: 'window_exhausted' };

/** A source of uniform numbers in [0, 1): `Math.random` in production, a fixed sequence in tests. */
export type RandomSource = () => number;

/** The facts about a delivery the decision needs. */
export interface FailedDelivery {
  /** Attempts made so far, all failed (1 after the first failure). */
  attempts: number;
  /** When the first attempt was made (epoch ms): the window counts from it. */
  firstAttemptAt: number;
  /** Now (epoch ms), when the last attempt failed. */
  now: number;
}

/**
 * Reads the retry window setting (`DONDOC_DELIVERY_RETRY_WINDOW`, an ISO 8601 duration such as
 * PT24H or P2D); unset or blank keeps the default.
 * @throws ValidationError naming the setting when it is not a positive duration.
 */
export function backoffPolicyFromSettings(
  window: string | undefined,
  base: BackoffPolicy = DEFAULT_BACKOFF_POLICY,
): BackoffPolicy {
  const text = (window ?? '').trim();
  if (text === '') return { ...base };
  const duration = parseIsoDuration(text, 'DONDOC_DELIVERY_RETRY_WINDOW');
  if (isZeroDuration(duration))
    throw new ValidationError('DONDOC_DELIVERY_RETRY_WINDOW', 'must be longer than zero, such as PT24H');
  return { ...base, window: text };
}

/** The ceiling of the wait after `attempts` failures: base · 2^(attempts − 1), capped. */
export function backoffCeiling(attempts: number, policy: BackoffPolicy): number {
  if (!Number.isSafeInteger(attempts) || attempts < 1)
    throw new ValidationError('attempts', 'must be a whole number, 1 or more');
  // 2^exponent overflows to Infinity long after the cap; min() keeps the result finite.
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempts - 1, 52));
}

/**
 * After a failed attempt: when to try again, or `failed` once the window since the first attempt
 * has passed. The last try is made at the window's end, not skipped because its jittered wait
 * would have crossed it.
 * @throws ValidationError when the random source gives a number outside [0, 1).
 */
export function nextRetry(delivery: FailedDelivery, policy: BackoffPolicy, random: RandomSource): RetryDecision {
  const windowEnd = addDuration(delivery.firstAttemptAt, parseIsoDuration(policy.window, 'window'));
  if (delivery.now >= windowEnd) return { kind: 'failed', reason: 'window_exhausted' };
  const draw = random();
  if (!(draw >= 0 && draw < 1)) throw new ValidationError('random', `must give a number in [0, 1); gave ${draw}`);
  const jittered = Math.max(policy.minMs, Math.floor(draw * backoffCeiling(delivery.attempts, policy)));
  const at = Math.min(delivery.now + jittered, windowEnd);
  return { kind: 'retry', at, delayMs: at - delivery.now };
}
