import type { Role } from '@dondoc/auth';

/**
 * What each role lets a person do, by the names GET /me answers with, so a client can offer the
 * right actions without knowing the rules. Scope still decides on each row (docs/auth.md).
 */
export const CAPABILITIES_OF_ROLE: Readonly<Record<Role, readonly string[]>> = Object.freeze({
  officer: [
    'tasks.read',
    'tasks.acknowledge',
    'tasks.progress',
    'tasks.submit',
    'tasks.request_extension',
    'tasks.claim',
    'tasks.hand_back',
    'tasks.comment',
  ],
  clerk: [
    'tasks.read',
    'directives.issue',
    'tasks.accept',
    'tasks.return',
    'tasks.decide_extension',
    'tasks.amend_deadline',
    'tasks.assign',
    'tasks.comment',
    'people.read',
  ],
  head: ['tasks.read', 'tasks.assign', 'tasks.hand_back', 'tasks.comment', 'people.read'],
  supervisor: ['tasks.read', 'escalations.resolve', 'tasks.comment', 'people.read'],
  admin: ['units.manage', 'people.register', 'people.deactivate', 'people.read'],
});

/** Every capability the roles give, each once, in the order roles and capabilities are listed. */
export function capabilitiesOf(roles: readonly Role[]): string[] {
  return [...new Set(roles.flatMap((role) => CAPABILITIES_OF_ROLE[role]))];
}
