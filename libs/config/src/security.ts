import path from 'node:path';
import type { EnvReader } from './env';

/** How bearer tokens are verified: with Dondoc's own key pair, or with an identity provider's keys. */
export type AuthMode = 'local' | 'oidc';

export const AUTH_MODES: readonly AuthMode[] = ['local', 'oidc'];

/** Where the local key pair lives unless configured otherwise (git-ignored). */
export const DEFAULT_PUBLIC_KEY_FILE = '.data/keys/jwt-public.pem';
export const DEFAULT_PRIVATE_KEY_FILE = '.data/keys/jwt-private.pem';
export const DEFAULT_LOCAL_ISSUER = 'dondoc-local';
export const DEFAULT_AUDIENCE = 'dondoc-api';

/** Settings of token verification (and, in local mode, of signing development tokens). */
export interface AuthSettings {
  mode: AuthMode;
  /** Expected `iss`; in oidc mode the provider's issuer URL exactly as it writes it in tokens. */
  issuer: string;
  /** Expected `aud`: this API as the issuer names it. */
  audience: string;
  /** Local mode: the public key (PEM or JWK) tokens are verified with. Absolute path. */
  publicKeyFile: string;
  /** Local mode: the private key `npm run token` signs with. Absolute path. */
  privateKeyFile: string;
  /** Oidc mode: the provider's JWKS endpoint; null in local mode. */
  jwksUrl: string | null;
  /** Claim holding the person's unit id. */
  unitClaim: string;
  /** Claim holding the person's roles (an array, or a space- or comma-separated string). */
  rolesClaim: string;
  /** Claim holding the person's display name, read into their profile (DONDOC_JWT_NAME_CLAIM). */
  nameClaim: string;
  /** Claim holding the person's e-mail, read into their profile (DONDOC_JWT_EMAIL_CLAIM). */
  emailClaim: string;
  /** Leeway for exp/nbf between our clock and the issuer's. */
  clockToleranceSeconds: number;
}

/** HTTP hardening: who may call from a browser, how large a body, how many requests. */
export interface HttpSettings {
  /** Origins allowed by CORS; empty means no cross-origin browser calls; ['*'] means any. */
  corsOrigins: string[];
  /** Largest request body accepted; larger answers 413. */
  bodyLimitBytes: number;
  /** Requests per minute per identity (token subject and unit, or client address without a token); 0 turns limiting off. */
  rateLimitPerMinute: number;
  /**
   * Where the allowance is counted: in this process, or in PostgreSQL so every API replica
   * behind a balancer counts against the same limit.
   */
  rateLimitStore: RateLimitStore;
}

/** Where rate-limit buckets live (DONDOC_RATE_LIMIT_STORE). */
export type RateLimitStore = 'memory' | 'postgres';

/** Every accepted value of DONDOC_RATE_LIMIT_STORE. */
export const RATE_LIMIT_STORES: readonly RateLimitStore[] = ['memory', 'postgres'];

/**
 * Reads DONDOC_AUTH_MODE, DONDOC_JWT_ISSUER, DONDOC_JWT_AUDIENCE, DONDOC_JWT_PUBLIC_KEY_FILE,
 * DONDOC_JWT_PRIVATE_KEY_FILE, DONDOC_OIDC_JWKS_URL, DONDOC_JWT_UNIT_CLAIM,
 * DONDOC_JWT_ROLES_CLAIM, DONDOC_JWT_NAME_CLAIM, DONDOC_JWT_EMAIL_CLAIM and DONDOC_JWT_CLOCK_TOLERANCE_SECONDS. Key files are only named here;
 * whether they exist is checked where they are read, so a process that verifies no token
 * (the worker, migrations) never needs them.
 */
export function readAuthSettings(reader: EnvReader): AuthSettings {
  const mode = reader.oneOf('DONDOC_AUTH_MODE', 'local', AUTH_MODES);
  const common = {
    publicKeyFile: path.resolve(reader.string('DONDOC_JWT_PUBLIC_KEY_FILE', DEFAULT_PUBLIC_KEY_FILE)),
    privateKeyFile: path.resolve(reader.string('DONDOC_JWT_PRIVATE_KEY_FILE', DEFAULT_PRIVATE_KEY_FILE)),
    unitClaim: claimName(reader, 'DONDOC_JWT_UNIT_CLAIM', 'dondoc_unit'),
    rolesClaim: claimName(reader, 'DONDOC_JWT_ROLES_CLAIM', 'dondoc_roles'),
    nameClaim: claimName(reader, 'DONDOC_JWT_NAME_CLAIM', 'name'),
    emailClaim: claimName(reader, 'DONDOC_JWT_EMAIL_CLAIM', 'email'),
    clockToleranceSeconds: reader.integer('DONDOC_JWT_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
  };
  if (mode === 'local') {
    return {
      mode,
      issuer: reader.string('DONDOC_JWT_ISSUER', DEFAULT_LOCAL_ISSUER),
      audience: reader.string('DONDOC_JWT_AUDIENCE', DEFAULT_AUDIENCE),
      jwksUrl: null,
      ...common,
    };
  }
  const oidc = 'with DONDOC_AUTH_MODE=oidc';
  const issuer = reader.required(
    'DONDOC_JWT_ISSUER',
    `${oidc} it must be your identity provider's issuer URL, exactly as in its tokens' "iss"`,
  );
  const audience = reader.required(
    'DONDOC_JWT_AUDIENCE',
    `${oidc} it must name this API as your identity provider writes it in "aud" (often the client id)`,
  );
  const jwksUrl = reader.required(
    'DONDOC_OIDC_JWKS_URL',
    `${oidc} it must be the provider's JWKS address (the "jwks_uri" of its /.well-known/openid-configuration)`,
  );
  if (issuer !== '') checkProviderUrl(reader, 'DONDOC_JWT_ISSUER', issuer);
  if (jwksUrl !== '') checkProviderUrl(reader, 'DONDOC_OIDC_JWKS_URL', jwksUrl);
  return { mode, issuer, audience, jwksUrl, ...common };
}

/** Reads DONDOC_CORS_ORIGINS, DONDOC_BODY_LIMIT, DONDOC_RATE_LIMIT and DONDOC_RATE_LIMIT_STORE. */
export function readHttpSettings(reader: EnvReader): HttpSettings {
  const corsOrigins = reader.list('DONDOC_CORS_ORIGINS').map((origin) => origin.replace(/\/$/, ''));
  for (const origin of corsOrigins) {
    if (origin === '*') continue;
    if (!isOrigin(origin)) {
      reader.problems.push(
        `DONDOC_CORS_ORIGINS: "${origin}" is not an origin; write scheme, host and port only, e.g. https://dondoc.example.gov.vn,http://localhost:5173 (or * for any)`,
      );
    }
  }
  if (corsOrigins.includes('*') && corsOrigins.length > 1) {
    reader.problems.push('DONDOC_CORS_ORIGINS: * already allows every origin; list origins or write * alone');
  }
  return {
    corsOrigins,
    bodyLimitBytes: reader.byteSize('DONDOC_BODY_LIMIT', 10 * 1024 ** 2, 1024, 100 * 1024 ** 2),
    rateLimitPerMinute: reader.integer('DONDOC_RATE_LIMIT', 600, 0, 1_000_000),
    rateLimitStore: reader.oneOf('DONDOC_RATE_LIMIT_STORE', 'memory', RATE_LIMIT_STORES),
  };
}

function claimName(reader: EnvReader, name: string, fallback: string): string {
  const value = reader.string(name, fallback);
  if (!/^[A-Za-z_][\w.:/-]{0,199}$/.test(value)) {
    reader.problems.push(`${name}=${value} must be a claim name such as ${fallback}`);
    return fallback;
  }
  return value;
}

/** Provider URLs are https; plain http is accepted only on this machine (a provider run for development). */
function checkProviderUrl(reader: EnvReader, name: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    reader.problems.push(
      `${name}=${value} is not a URL; expected something like https://id.example.gov.vn/realms/dondoc`,
    );
    return;
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    reader.problems.push(`${name}=${value} must use https:// (plain http:// only for a provider on localhost)`);
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}
