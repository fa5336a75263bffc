import { randomUUID } from 'node:crypto';
import { SignJWT, type KeyLike } from 'jose';
import type { ClaimNames } from './claims';
import type { Role } from './principal';

/** What a development token says and how it is signed. */
export interface IssueTokenOptions extends ClaimNames {
  key: KeyLike;
  algorithm: string;
  issuer: string;
  audience: string;
  sub: string;
  unitId: string;
  roles: readonly Role[];
  /** The person's display name and e-mail, written under the name and e-mail claims when both are given. */
  name?: string;
  email?: string;
  ttlSeconds: number;
  now?: Date;
}

/**
 * Signs a token the local verifier accepts. For development and tests only: in production the
 * organisation's identity provider issues tokens.
 */
export async function issueToken(options: IssueTokenOptions): Promise<string> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const profile: Record<string, string> = {};
  if (options.nameClaim !== undefined && options.name !== undefined) profile[options.nameClaim] = options.name;
  if (options.emailClaim !== undefined && options.email !== undefined) profile[options.emailClaim] = options.email;
  return new SignJWT({ ...profile, [options.unitClaim]: options.unitId, [options.rolesClaim]: [...options.roles] })
    .setProtectedHeader({ alg: options.algorithm, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(options.sub)
    .setJti(randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + options.ttlSeconds)
    .sign(options.key);
}
