import { ApplicationFailure } from '@temporalio/activity';

/** PostgreSQL error classes that no retry can fix: the data itself is refused. */
const PERMANENT_SQLSTATES = new Set([
  '23502', // not_null_violation
  '23503', // foreign_key_violation
  '23505', // unique_violation
  '23514', // check_violation
  '22P02', // invalid_text_representation
  '22007', // invalid_datetime_format
  '22008', // datetime_field_overflow
]);

/**
 * Runs a database step: refused data becomes a non-retryable failure (a user or logic error),
 * anything else (connection lost, timeout, deadlock) is rethrown so Temporal retries it.
 */
export async function classifyDatabaseErrors<T>(step: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const code = (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ?? (error as { code?: unknown }).code;
    if (typeof code === 'string' && PERMANENT_SQLSTATES.has(code)) {
      throw ApplicationFailure.nonRetryable(`${step}: ${(error as Error).message}`, 'DATA_REJECTED', { sqlState: code });
    }
    throw error;
  }
}
