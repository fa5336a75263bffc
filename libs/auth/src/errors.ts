import { DomainError } from '@dondoc/domain';

/**
 * The request carries no usable credentials. Every subclass answers 401, with a message that
 * says what to fix (get a new token, use the right audience) without revealing keys or internals.
 */
export abstract class AuthenticationError extends DomainError {
  abstract override readonly code:
    | 'TOKEN_MISSING'
    | 'TOKEN_MALFORMED'
    | 'TOKEN_EXPIRED'
    | 'TOKEN_NOT_YET_VALID'
    | 'TOKEN_BAD_SIGNATURE'
    | 'TOKEN_WRONG_ISSUER'
    | 'TOKEN_WRONG_AUDIENCE'
    | 'TOKEN_BAD_CLAIMS';

  protected constructor(message: string) {
    super(message);
  }
}

/** No `Authorization: Bearer …` header. */
export class MissingTokenError extends AuthenticationError {
  readonly code = 'TOKEN_MISSING';
  override readonly name = 'MissingTokenError';
  constructor(message = 'This endpoint needs a bearer token: send Authorization: Bearer <token>') {
    super(message);
  }
}

/** Not a signed JWT we can read (garbage, unsigned, or an algorithm we do not accept). */
export class MalformedTokenError extends AuthenticationError {
  readonly code = 'TOKEN_MALFORMED';
  override readonly name = 'MalformedTokenError';
  constructor(detail: string) {
    super(`The bearer token is not a valid signed JWT: ${detail}`);
  }
}

/** Past `exp` (beyond the clock tolerance): the person must get a new token. */
export class ExpiredTokenError extends AuthenticationError {
  readonly code = 'TOKEN_EXPIRED';
  override readonly name = 'ExpiredTokenError';
  constructor() {
    super('The bearer token has expired; get a new one');
  }
}

/** Before `nbf`: usually a clock far off on the issuer's or our side. */
export class NotYetValidTokenError extends AuthenticationError {
  readonly code = 'TOKEN_NOT_YET_VALID';
  override readonly name = 'NotYetValidTokenError';
  constructor() {
    super('The bearer token is not valid yet (nbf is in the future)');
  }
}

/** The signature does not verify with any key we trust: forged, altered, or from another issuer's key. */
export class BadSignatureError extends AuthenticationError {
  readonly code = 'TOKEN_BAD_SIGNATURE';
  override readonly name = 'BadSignatureError';
  constructor() {
    super('The bearer token is not signed by a key this API trusts');
  }
}

/** Signed, but by an issuer this deployment does not accept. */
export class WrongIssuerError extends AuthenticationError {
  readonly code = 'TOKEN_WRONG_ISSUER';
  override readonly name = 'WrongIssuerError';
  constructor() {
    super('The bearer token was issued by an issuer this API does not accept');
  }
}

/** Issued for another application: a token for one service must not open another. */
export class WrongAudienceError extends AuthenticationError {
  readonly code = 'TOKEN_WRONG_AUDIENCE';
  override readonly name = 'WrongAudienceError';
  constructor() {
    super('The bearer token was issued for another audience, not this API');
  }
}

/** Verified, but it does not say who the person is, which unit, or which Dondoc role. */
export class MalformedClaimsError extends AuthenticationError {
  readonly code = 'TOKEN_BAD_CLAIMS';
  override readonly name = 'MalformedClaimsError';
  constructor(
    readonly claim: string,
    readonly problem: string,
  ) {
    super(`The bearer token's "${claim}" claim ${problem}`);
  }
}

/**
 * The identity provider's keys could not be fetched (down, slow, bad JWKS). Not the caller's
 * fault, so the API answers 503 and the client may retry.
 */
export class AuthUnavailableError extends DomainError {
  readonly code = 'AUTH_UNAVAILABLE';
  override readonly name = 'AuthUnavailableError';
  constructor(readonly detail: string) {
    super('Tokens cannot be checked right now (the identity provider does not answer); try again shortly');
  }
}

/** The caller is known but their role may not use this endpoint at all (403). */
export class RoleNotAllowedError extends DomainError {
  readonly code = 'ROLE_NOT_ALLOWED';
  override readonly name = 'RoleNotAllowedError';
  constructor(readonly allowed: readonly string[]) {
    super(
      allowed.length === 0
        ? 'This endpoint is not open to any role'
        : `Your role may not do this; it needs one of: ${allowed.join(', ')}`,
    );
  }
}
