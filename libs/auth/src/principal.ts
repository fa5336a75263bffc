/**
 * What a person may do in Dondoc; each role is scoped to the person's unit. `head` is the head of
 * a unit, who assigns its tasks to its people (phân công); not a task's `lead` role.
 */
export type Role = 'officer' | 'clerk' | 'supervisor' | 'admin' | 'head';

/** Every role, in the order documentation lists them (`head` last: it came last). */
export const ROLES: readonly Role[] = ['officer', 'clerk', 'supervisor', 'admin', 'head'];

/** True for one of Dondoc's roles. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The verified caller: who (`sub`, recorded as the actor of every change), for which unit, in
 * which roles. Built only from a token whose signature, issuer, audience and lifetime checked out.
 */
export interface Principal {
  readonly sub: string;
  readonly unitId: string;
  readonly roles: readonly Role[];
  /** The person's name and e-mail as the token gives them (claims named by the settings), for their profile. */
  readonly name?: string;
  readonly email?: string;
}

/** True when the principal holds at least one of `roles`. */
export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}
