/**
 * Escalation up the chain. An escalation goes first to the coordinating body of the level that
 * issued the directive; left unresolved for that body's grace period, it climbs to the
 * coordinating body of the next level up, and so on to the top, once per level.
 */
import { ValidationError } from './errors';
import { isZeroDuration, parseIsoDuration } from './duration';

/** How a supervisor resolves an escalation: more time, another unit, no longer required, or a reminder. */
export const ESCALATION_ACTIONS = ['extend', 'reassign', 'waive', 'remind'] as const;

/** One way of resolving an escalation. */
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

/** How long an escalation waits at a body that has not set its own grace period. */
export const DEFAULT_ESCALATION_GRACE = 'P2D';

/** A unit on the way from a directive's issuer to the root of the tree. */
export interface ChainUnit {
  id: string;
  /** Its own coordinating body, when set (otherwise inherited from above). */
  coordinatingUnitId: string | null;
}

/**
 * The bodies an escalation climbs through, in order. `directiveCoordinatingUnitId` is level 1
 * (the directive's own coordinating body); `ancestors` runs from the issuer (first) to the root
 * (last). Each higher level contributes the coordinating body it uses itself (its own, else the
 * nearest ancestor's, else the unit itself), and a body already in the chain is not repeated.
 */
export function escalationChain(directiveCoordinatingUnitId: string, ancestors: readonly ChainUnit[]): string[] {
  const chain = [directiveCoordinatingUnitId];
  // Levels above the issuer: ancestors[1..]. Resolve inheritance from the root down.
  const effective: string[] = new Array<string>(ancestors.length);
  let inherited: string | null = null;
  for (let i = ancestors.length - 1; i >= 0; i -= 1) {
    const unit = ancestors[i]!;
    inherited = unit.coordinatingUnitId ?? inherited;
    effective[i] = inherited ?? unit.id;
  }
  for (const body of effective.slice(1)) {
    if (!chain.includes(body)) chain.push(body);
  }
  return chain;
}

/** Checks a body's grace period: an ISO-8601 duration that moves time forward. */
export function validateEscalationGrace(field: string, value: string): string {
  if (isZeroDuration(parseIsoDuration(value, field))) throw new ValidationError(field, 'must be longer than zero');
  return value;
}
