/**
 * Errors that say PostgreSQL cannot be reached or did not answer in time, as opposed to errors in
 * what was asked of it. They answer 503 with Retry-After: the request may succeed later.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01–57P03 (admin or
 * crash shutdown, cannot connect now), 53300 (too many connections), 57014 (the statement
 * time-out of the API's pool cancelled a query that took too long).
 */
const SQLSTATE_UNAVAILABLE = /^(08...|57P0[123]|53300|57014)$/;

/** Messages of pg and pg-pool for a connection that broke or could not be made in time. */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended unexpectedly|the database system is (starting up|shutting down)|connect ECONNREFUSED/i;

/** True when the error (or the driver error TypeORM wraps, or its cause) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  const { code, driverError, cause } = error as Error & { code?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code))) return true;
  if (MESSAGES.test(error.message)) return true;
  // AggregateError (a host with several addresses) carries one error per address.
  if (error instanceof AggregateError && error.errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}
