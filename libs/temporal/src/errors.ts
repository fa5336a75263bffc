/**
 * Reading the Temporal client's failures: the API and the cascade activity both need to tell a
 * workflow that is not running (ended, or never started) from a deadline that ran out.
 */
import { WorkflowNotFoundError } from '@temporalio/client';

/** gRPC status codes as the client reports them. */
const DEADLINE_EXCEEDED = 4;
const NOT_FOUND = 5;
const UNAVAILABLE = 14;

/** True when the error, or its cause, carries that gRPC status code. */
function hasGrpcCode(error: unknown, code: number): boolean {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === code || e?.cause?.code === code;
}

/** The workflow is not running: it does not exist, or it has already completed. */
export function isWorkflowNotFound(error: unknown): boolean {
  if (error instanceof WorkflowNotFoundError) return true;
  return hasGrpcCode(error, NOT_FOUND) || /already completed|not found/i.test((error as Error | null)?.message ?? '');
}

/** The call's deadline passed before Temporal answered. */
export function isDeadlineExceeded(error: unknown): boolean {
  return hasGrpcCode(error, DEADLINE_EXCEEDED) || /deadline/i.test((error as Error | null)?.message ?? '');
}

/** Temporal could not be reached at all (refused, reset, no route): the call was not delivered. */
export function isTemporalUnreachable(error: unknown): boolean {
  return hasGrpcCode(error, UNAVAILABLE);
}
