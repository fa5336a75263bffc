import {
  DEFAULT_BACKOFF_POLICY,
  ValidationError,
  backoffCeiling,
  backoffPolicyFromSettings,
  nextRetry,
  type BackoffPolicy,
} from '@dondoc/domain';

const HOUR = 3_600_000;
const policy: BackoffPolicy = { baseMs: 30_000, capMs: HOUR, minMs: 1_000, window: 'PT24H' };
const start = Date.parse('2026-12-17T03:00:00Z');
/** A random source that returns the given draws in turn. */
const draws = (...values: number[]): (() => number) => {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
};

describe('delivery back-off', () => {
  it('doubles the ceiling per failure from the base up to the cap', () => {
    expect([1, 2, 3, 4, 7, 8, 200].map((n) => backoffCeiling(n, policy))).toEqual([
      30_000,
      60_000,
      120_000,
      240_000,
      1_920_000,
      HOUR,
      HOUR,
    ]);
  });

  it('draws the wait uniformly below the ceiling (full jitter)', () => {
    expect(nextRetry({ attempts: 3, firstAttemptAt: start, now: start + 10_000 }, policy, draws(0.5))).toEqual({
      kind: 'retry',
      at: start + 10_000 + 60_000,
      delayMs: 60_000,
    });
    expect(nextRetry({ attempts: 3, firstAttemptAt: start, now: start }, policy, draws(0.999))).toEqual({
      kind: 'retry',
      at: start + 119_880,
      delayMs: 119_880,
    });
  });

  it('never waits less than the floor, so a draw of zero does not retry in a loop', () => {
    expect(nextRetry({ attempts: 1, firstAttemptAt: start, now: start }, policy, draws(0))).toEqual({
      kind: 'retry',
      at: start + 1_000,
      delayMs: 1_000,
    });
  });

  it('makes the last try at the end of the window rather than skip it', () => {
    const now = start + 24 * HOUR - 5 * 60_000;
    expect(nextRetry({ attempts: 30, firstAttemptAt: start, now }, policy, draws(0.9))).toEqual({
      kind: 'retry',
      at: start + 24 * HOUR,
      delayMs: 5 * 60_000,
    });
  });

  it('fails the delivery once the window since the first attempt has passed', () => {
    expect(nextRetry({ attempts: 31, firstAttemptAt: start, now: start + 24 * HOUR }, policy, draws(0.5))).toEqual({
      kind: 'failed',
      reason: 'window_exhausted',
    });
  });

  it('keeps many failing deliveries apart: different draws, different instants', () => {
    const random = draws(0.1, 0.4, 0.7, 0.95);
    const at = [0, 1, 2, 3].map(() => {
      const decision = nextRetry({ attempts: 5, firstAttemptAt: start, now: start }, policy, random);
      return decision.kind === 'retry' ? decision.at : undefined;
    });
    expect(new Set(at).size).toBe(4);
  });

  it('refuses a random source outside [0, 1)', () => {
    expect(() => nextRetry({ attempts: 1, firstAttemptAt: start, now: start }, policy, () => 1)).toThrow(
      ValidationError,
    );
    expect(() => nextRetry({ attempts: 1, firstAttemptAt: start, now: start }, policy, () => Number.NaN)).toThrow(
      ValidationError,
    );
  });

  it('reads the window from DONDOC_DELIVERY_RETRY_WINDOW and refuses a zero or malformed one', () => {
    expect(backoffPolicyFromSettings(undefined)).toEqual(DEFAULT_BACKOFF_POLICY);
    expect(backoffPolicyFromSettings('P2D').window).toBe('P2D');
    expect(() => backoffPolicyFromSettings('PT0S')).toThrow(/DONDOC_DELIVERY_RETRY_WINDOW/);
    expect(() => backoffPolicyFromSettings('24h')).toThrow(/DONDOC_DELIVERY_RETRY_WINDOW/);
  });

  it('refuses an attempt count below one', () => {
    expect(() => backoffCeiling(0, policy)).toThrow(ValidationError);
  });
});
