import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { principalFromClaims, type ClaimNames } from './claims';
import {
  AuthUnavailableError,
  BadSignatureError,
  ExpiredTokenError,
  MalformedClaimsError,
  MalformedTokenError,
  MissingTokenError,
  NotYetValidTokenError,
  WrongAudienceError,
  WrongIssuerError,
} from './errors';
import type { Principal } from './principal';

/** Turns a bearer token into a principal, or throws one of the typed errors in `errors.ts`. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/** Asymmetric algorithms an identity provider may sign with. Symmetric ones (HS*) and `none` never verify. */
export const PROVIDER_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

/** Where verification keys come from: one key we hold, or a key set fetched from the provider. */
export type VerificationKeys =
  | { kind: 'key'; key: KeyLike; algorithms: string[] }
  | { kind: 'key-set'; getKey: JWTVerifyGetKey; algorithms: string[] };

/** Everything {@link createTokenVerifier} checks a token against. */
export interface TokenVerifierOptions extends ClaimNames {
  issuer: string;
  audience: string;
  keys: VerificationKeys;
  clockToleranceSeconds: number;
  /** The clock, replaceable in tests. */
  now?: () => Date;
}

/** A verifier over a provider's JWKS endpoint; keys are cached and refetched when an unknown `kid` appears. */
export function remoteKeySet(jwksUrl: string, timeoutMs = 5_000): VerificationKeys {
  return {
    kind: 'key-set',
    getKey: createRemoteJWKSet(new URL(jwksUrl), {
      timeoutDuration: timeoutMs,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    }),
    algorithms: [...PROVIDER_ALGORITHMS],
  };
}

/**
 * Checks signature, `iss`, `aud`, `exp` (required) and `nbf` with a small clock tolerance, then
 * maps the claims to a principal.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: options.keys.algorithms,
    clockTolerance: options.clockToleranceSeconds,
    requiredClaims: ['exp', 'sub'],
  };
  return {
    async verify(token: string): Promise<Principal> {
      if (token.trim() === '') throw new MissingTokenError();
      let payload: Record<string, unknown>;
      try {
        const now = options.now?.();
        const opts = now === undefined ? verifyOptions : { ...verifyOptions, currentDate: now };
        const result =
          options.keys.kind === 'key'
            ? await jwtVerify(token, options.keys.key, opts)
            : await jwtVerify(token, options.keys.getKey, opts);
        payload = result.payload;
      } catch (error) {
        throw translateJoseError(error);
      }
      return principalFromClaims(payload, options);
    },
  };
}

/**
 * Reads the token from an Authorization header value. Absent or another scheme: MissingTokenError.
 * The scheme is case-insensitive (RFC 7235).
 */
export function bearerToken(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value === undefined ? null : /^Bearer[ ]+([^\s]+)\s*$/i.exec(value);
  if (match === null) throw new MissingTokenError();
  return match[1]!;
}

/** Maps jose's errors onto ours, so the API never shows a library's wording or internals. */
function translateJoseError(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new ExpiredTokenError();
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return new WrongIssuerError();
      case 'aud':
        return new WrongAudienceError();
      case 'nbf':
        return new NotYetValidTokenError();
      default:
        return new MalformedClaimsError(error.claim, error.reason === 'missing' ? 'is missing' : 'is not valid');
    }
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return new BadSignatureError();
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new MalformedTokenError('its signing algorithm is not accepted');
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported
  ) {
    return new MalformedTokenError('it cannot be read as a signed JWT');
  }
  // Fetching or reading the provider's key set failed: a timeout, a refused connection, a bad JWKS.
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new AuthUnavailableError(detail);
}
