import { ApplicationFailure } from '@temporalio/activity';

/** Failure type of a database step that refused the data itself: no retry can make it pass. */
export const DATA_REJECTED = 'DATA_REJECTED';

/** Details of a {@link DATA_REJECTED} failure. */
export interface DataRejectedDetails {
  sqlState: string;
  /** True for integrity clashes (class 23: a duplicate, a missing row it refers to): a conflict, not bad input. */
  conflict: boolean;
}

/**
 * Integrity violations (class 23) that the data causes. Others of the class (23000, 23001) are
 * not raised by our schema; left out, they are retried, as an unknown error should be.
 */
const PERMANENT_INTEGRITY_SQLSTATES = new Set([
  '23502', // not_null_violation
  '23503', // foreign_key_violation
  '23505', // unique_violation
  '23514', // check_violation
  '23P01', // exclusion_violation
]);

/**
 * Whether PostgreSQL refused the data rather than failed to run. Class 22 (data exception) is
 * decided by the values alone: NUL in text (22021 character_not_in_repertoire, 22P05
 * untranslatable_character in jsonb), a lone surrogate in jsonb (22P02), a value too long
 * (22001), a number out of range (22003), a malformed date (22007, 22008). Class 54 (program
 * limit exceeded: a row, array or jsonb value too large) is decided by size alone. Connection
 * loss (08), deadlocks and serialization failures (40), shutdown (57P) and lock time-outs (55P03)
 * are not listed: they pass with time, so Temporal retries them.
 */
export function isPermanentSqlState(code: string): boolean {
  return code.startsWith('22') || code.startsWith('54') || PERMANENT_INTEGRITY_SQLSTATES.has(code);
}

/** The non-retryable failure of a step whose data the database refused. */
export function dataRejected(step: string, message: string, sqlState: string): ApplicationFailure {
  const details: DataRejectedDetails = { sqlState, conflict: sqlState.startsWith('23') };
  return ApplicationFailure.create({
    message: `${step}: ${message}`,
    type: DATA_REJECTED,
    nonRetryable: true,
    details: [details],
  });
}

/**
 * Runs a database step: refused data becomes a non-retryable failure (a user or logic error),
 * anything else (connection lost, timeout, deadlock) is rethrown so Temporal retries it.
 */
export async function classifyDatabaseErrors<T>(step: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const code =
      (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ??
      (error as { code?: unknown }).code;
    if (typeof code === 'string' && isPermanentSqlState(code)) throw dataRejected(step, (error as Error).message, code);
    throw error;
  }
}
