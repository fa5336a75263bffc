import {
  CLOSED_CIRCUIT,
  ValidationError,
  admit,
  recordFailure,
  recordSuccess,
  type CircuitPolicy,
  type CircuitState,
} from '@dondoc/domain';

const policy: CircuitPolicy = { failureThreshold: 3, coolDownMs: 60_000 };
const t0 = Date.parse('2026-12-17T03:00:00Z');

/** The circuit after `n` failures, one a second from t0. */
function failTimes(n: number, from: CircuitState = CLOSED_CIRCUIT): CircuitState {
  let state = from;
  for (let i = 0; i < n; i += 1) state = recordFailure(state, t0 + i * 1_000, policy);
  return state;
}

describe('endpoint circuit', () => {
  it('stays closed and sends below the threshold', () => {
    const state = failTimes(2);
    expect(state).toEqual({ status: 'closed', consecutiveFailures: 2 });
    expect(admit(state, t0 + 5_000, policy).allowed).toBe(true);
  });

  it('opens on the threshold-th failure in a row and refuses until the cool-down ends', () => {
    const open = failTimes(3);
    expect(open).toEqual({ status: 'open', openedAt: t0 + 2_000, consecutiveFailures: 3 });
    expect(admit(open, t0 + 2_000 + 59_999, policy)).toEqual({ allowed: false, state: open, retryAt: t0 + 62_000 });
  });

  it('a success in between starts the count again', () => {
    expect(failTimes(2, recordSuccess(failTimes(2)))).toEqual({ status: 'closed', consecutiveFailures: 2 });
  });

  it('lets exactly one probe through after the cool-down (half-open)', () => {
    const probe = admit(failTimes(3), t0 + 62_000, policy);
    expect(probe.allowed).toBe(true);
    expect(probe.state).toEqual({ status: 'half_open', probeStartedAt: t0 + 62_000, consecutiveFailures: 3 });
    expect(admit(probe.state, t0 + 62_001, policy)).toMatchObject({ allowed: false, retryAt: t0 + 122_000 });
  });

  it('closes when the probe succeeds', () => {
    const probe = admit(failTimes(3), t0 + 62_000, policy);
    const closed = recordSuccess(probe.state);
    expect(closed).toEqual(CLOSED_CIRCUIT);
    expect(admit(closed, t0 + 62_001, policy).allowed).toBe(true);
  });

  it('re-opens for a whole new cool-down when the probe fails', () => {
    const probe = admit(failTimes(3), t0 + 62_000, policy);
    const reopened = recordFailure(probe.state, t0 + 63_000, policy);
    expect(reopened).toEqual({ status: 'open', openedAt: t0 + 63_000, consecutiveFailures: 4 });
    expect(admit(reopened, t0 + 122_999, policy).allowed).toBe(false);
    expect(admit(reopened, t0 + 123_000, policy).allowed).toBe(true);
  });

  it('gives up on a probe that never reported back after another cool-down', () => {
    const probe = admit(failTimes(3), t0 + 62_000, policy);
    const again = admit(probe.state, t0 + 122_000, policy);
    expect(again.allowed).toBe(true);
    expect(again.state).toMatchObject({ status: 'half_open', probeStartedAt: t0 + 122_000 });
  });

  it('refuses a policy that cannot work', () => {
    expect(() => admit(CLOSED_CIRCUIT, t0, { failureThreshold: 0, coolDownMs: 1 })).toThrow(ValidationError);
    expect(() => recordFailure(CLOSED_CIRCUIT, t0, { failureThreshold: 1, coolDownMs: 0 })).toThrow(ValidationError);
  });
});
