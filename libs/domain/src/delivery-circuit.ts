import { ValidationError } from './errors';

/**
 * When an endpoint's circuit opens and how long it stays open. A dead endpoint then costs one
 * probe per cool-down instead of a time-out per delivery, and never delays the others.
 */
export interface CircuitPolicy {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses before one probe is let through. */
  coolDownMs: number;
}

/** Five failures in a row, then one probe a minute. */
export const DEFAULT_CIRCUIT_POLICY: Readonly<CircuitPolicy> = Object.freeze({
  failureThreshold: 5,
  coolDownMs: 60_000,
});

/**
 * One endpoint's circuit, as plain data so it can be kept in a row or a workflow's state:
 * `closed` sends; `open` refuses until the cool-down ends; `half_open` lets one probe through,
 * whose outcome closes or re-opens it.
 */
export type CircuitState =
  | { status: 'closed'; consecutiveFailures: number }
  | { status: 'open'; openedAt: number; consecutiveFailures: number }
  | { status: 'half_open'; probeStartedAt: number; consecutiveFailures: number };

/** A new endpoint's circuit: closed, no failures. */
export const CLOSED_CIRCUIT: CircuitState = Object.freeze({ status: 'closed', consecutiveFailures: 0 });

/** May a delivery be attempted now, and the circuit after asking (asking may start the probe). */
export interface CircuitAdmission {
  allowed: boolean;
  state: CircuitState;
  /** When refused: the earliest instant the circuit may admit again. */
  retryAt?: number;
}

/**
 * Asks the circuit whether to send now. An open circuit whose cool-down has ended turns half-open
 * and admits exactly this one attempt (the probe); others are refused until the probe's outcome
 * is recorded. A probe that never reports back (a crashed sender) is given up after one more
 * cool-down, so the circuit cannot stay stuck half-open.
 */
export function admit(state: CircuitState, now: number, policy: CircuitPolicy): CircuitAdmission {
  assertPolicy(policy);
  switch (state.status) {
    case 'closed':
      return { allowed: true, state };
    case 'open': {
      const reopensAt = state.openedAt + policy.coolDownMs;
      if (now < reopensAt) return { allowed: false, state, retryAt: reopensAt };
      return {
        allowed: true,
        state: { status: 'half_open', probeStartedAt: now, consecutiveFailures: state.consecutiveFailures },
      };
    }
    case 'half_open': {
      const probeExpiresAt = state.probeStartedAt + policy.coolDownMs;
      if (now < probeExpiresAt) return { allowed: false, state, retryAt: probeExpiresAt };
      return { allowed: true, state: { ...state, probeStartedAt: now } };
    }
  }
}

/** A delivery to the endpoint succeeded: the circuit closes and forgets its failures. */
export function recordSuccess(_state: CircuitState): CircuitState {
  return CLOSED_CIRCUIT;
}

/**
 * A delivery to the endpoint failed (time-out, network error, an answer to retry). The
 * `failureThreshold`-th failure in a row opens the circuit; a failed probe re-opens it for a
 * whole new cool-down.
 */
export function recordFailure(state: CircuitState, now: number, policy: CircuitPolicy): CircuitState {
  assertPolicy(policy);
  const consecutiveFailures = state.consecutiveFailures + 1;
  if (state.status === 'half_open' || consecutiveFailures >= policy.failureThreshold)
    return { status: 'open', openedAt: now, consecutiveFailures };
  if (state.status === 'open') return { ...state, consecutiveFailures };
  return { status: 'closed', consecutiveFailures };
}

function assertPolicy(policy: CircuitPolicy): void {
  if (!Number.isSafeInteger(policy.failureThreshold) || policy.failureThreshold < 1)
    throw new ValidationError('failureThreshold', 'must be a whole number, 1 or more');
  if (!Number.isFinite(policy.coolDownMs) || policy.coolDownMs <= 0)
    throw new ValidationError('coolDownMs', 'must be a positive number of milliseconds');
}
