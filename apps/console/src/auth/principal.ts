import type { ConsoleSettingsView, Role } from '../api/types';

/** Who is signed in, as the token says: the API checks the same claims on every call. */
export interface Principal {
  sub: string;
  unitId: string;
  roles: Role[];
}

const KNOWN_ROLES: readonly Role[] = ['officer', 'clerk', 'supervisor', 'admin'];

/**
 * Reads the person from a JWT's payload, by the claim names the API uses. Not a verification:
 * the API verifies every call; this only decides which screens to offer.
 */
export function principalOf(token: string, settings: Pick<ConsoleSettingsView, 'unitClaim' | 'rolesClaim'>): Principal {
  const payload = token.split('.')[1] ?? '';
  const json = new TextDecoder().decode(
    Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
  );
  const claims = JSON.parse(json) as Record<string, unknown>;
  const rawRoles = claims[settings.rolesClaim];
  const roleWords = Array.isArray(rawRoles)
    ? rawRoles.map(String)
    : typeof rawRoles === 'string'
      ? rawRoles.split(/[\s,]+/)
      : [];
  return {
    sub: String(claims['sub'] ?? ''),
    unitId: String(claims[settings.unitClaim] ?? ''),
    roles: KNOWN_ROLES.filter((role) => roleWords.includes(role)),
  };
}
