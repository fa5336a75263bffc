import { MalformedClaimsError } from './errors';
import { isRole, ROLES, type Principal, type Role } from './principal';

/** Which claims carry the unit and the roles (identity providers name them differently). */
export interface ClaimNames {
  unitClaim: string;
  rolesClaim: string;
  /** Claims holding the person's display name and e-mail; optional in a token, read into the profile. */
  nameClaim?: string;
  emailClaim?: string;
}

/** Longest name or e-mail kept from a token; a longer one is ignored rather than refusing the person. */
const MAX_PROFILE_TEXT = 320;

const MAX_ID_LENGTH = 200;

/**
 * Builds the principal from a verified payload. The roles claim may be an array or a space- or
 * comma-separated string; names that are not Dondoc roles are ignored, because a provider's
 * roles claim often serves several applications, but at least one Dondoc role must remain.
 * @throws MalformedClaimsError naming the claim that is missing or unusable.
 */
export function principalFromClaims(payload: Record<string, unknown>, names: ClaimNames): Principal {
  const sub = identifier(payload['sub'], 'sub');
  const unitId = identifier(readClaim(payload, names.unitClaim), names.unitClaim);
  const raw = readClaim(payload, names.rolesClaim);
  const listed = typeof raw === 'string' ? raw.split(/[\s,]+/) : Array.isArray(raw) ? raw : undefined;
  if (listed === undefined)
    throw new MalformedClaimsError(names.rolesClaim, 'is missing; it must list the person’s roles');
  const roles = [...new Set(listed.filter(isRole))] as Role[];
  if (roles.length === 0)
    throw new MalformedClaimsError(names.rolesClaim, `names no Dondoc role (${ROLES.join(', ')})`);
  const name = profileText(payload, names.nameClaim);
  const email = profileText(payload, names.emailClaim);
  return { sub, unitId, roles, ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }) };
}

/** A profile claim when it is a usable string; a missing or odd one only leaves the profile without it. */
function profileText(payload: Record<string, unknown>, claim: string | undefined): string | undefined {
  if (claim === undefined) return undefined;
  const value = readClaim(payload, claim);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  // NUL cannot be stored (PostgreSQL text): such a claim is as good as absent.
  return trimmed === '' || trimmed.length > MAX_PROFILE_TEXT || trimmed.includes('\u0000') ? undefined : trimmed;
}

/**
 * A claim by exact name, or else by dotted path (Keycloak puts roles under `realm_access.roles`).
 * Exact names first, since URL-shaped claim names contain dots too.
 */
function readClaim(payload: Record<string, unknown>, name: string): unknown {
  if (name in payload) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function identifier(value: unknown, claim: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new MalformedClaimsError(claim, 'is missing or empty');
  if (value.length > MAX_ID_LENGTH) throw new MalformedClaimsError(claim, `is longer than ${MAX_ID_LENGTH} characters`);
  return value;
}
