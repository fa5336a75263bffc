/**
 * Base of every rule violation raised by the domain. Callers map `code` to a transport
 * (HTTP status, non-retryable Temporal failure) in one place instead of matching messages.
 */
export abstract class DomainError extends Error {
  /** Stable, machine-readable reason; messages may change, codes may not. */
  abstract readonly code: string;

  protected constructor(message: string) {
    super(message);
    // Keeps `instanceof` reliable even if this code is ever compiled to ES5 for a bundle.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * Input that can never be accepted as given (bad duration, unknown setting, malformed date).
 * Names the exact field so a form or config file can point at it.
 */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION';
  override readonly name = 'ValidationError';

  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}
