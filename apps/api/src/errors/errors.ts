import { DomainError } from '@dondoc/domain';

/** Something the request names does not exist. */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly id: string,
    message?: string,
  ) {
    super(message ?? `${entity} ${id} does not exist`);
    this.name = 'NotFoundError';
  }
}

/** The request is well-formed but clashes with what exists (a duplicate, a closed directive). */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** Several field problems found at once; the API answers 400 listing them all. */
export class FieldErrors extends DomainError {
  readonly code = 'VALIDATION';
  constructor(readonly errors: { field: string; problem: string }[]) {
    super(errors.map((e) => `${e.field}: ${e.problem}`).join('; '));
    this.name = 'FieldErrors';
  }
}

/** A dependency (Temporal, a worker) did not answer; the client may retry. */
export class UnavailableError extends DomainError {
  readonly code = 'UNAVAILABLE';
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
    this.name = 'UnavailableError';
  }
}

/**
 * The caller may read the resource but may not do this to it (a clerk of a recipient unit
 * accepting its own report), or names a unit they may not act for (`issuerUnitId` of another
 * unit: the tree is public, so the field is named). The API answers 403 `OUT_OF_SCOPE`.
 */
export class OutOfScopeError extends DomainError {
  readonly code = 'OUT_OF_SCOPE';
  constructor(
    message: string,
    readonly errors: { field: string; problem: string }[] = [],
  ) {
    super(message);
    this.name = 'OutOfScopeError';
  }
}
