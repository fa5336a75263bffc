import { ApplicationFailure } from '@temporalio/workflow';
import { IllegalTransitionError, ValidationError } from '@dondoc/domain';

/**
 * Failure types that cross from workflows to the API. The API maps each to an HTTP status;
 * all are non-retryable: they describe the request, not the infrastructure.
 */
export const FailureType = {
  IllegalTransition: 'ILLEGAL_TRANSITION',
  Validation: 'VALIDATION',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
} as const;

/** Details carried by an ILLEGAL_TRANSITION failure. */
export interface IllegalTransitionDetails {
  status: string;
  action: string;
  allowedActions: string[];
}

/** Details carried by a VALIDATION failure. */
export interface ValidationDetails {
  field: string;
  problem: string;
}

/** Turns a domain error into the typed failure the API understands; other errors pass through. */
export function toFailure(error: unknown): unknown {
  if (error instanceof IllegalTransitionError) {
    const details: IllegalTransitionDetails = { status: error.status, action: error.action, allowedActions: error.allowedActions };
    return ApplicationFailure.create({ message: error.message, type: FailureType.IllegalTransition, nonRetryable: true, details: [details] });
  }
  if (error instanceof ValidationError) {
    const details: ValidationDetails = { field: error.field, problem: error.problem };
    return ApplicationFailure.create({ message: error.message, type: FailureType.Validation, nonRetryable: true, details: [details] });
  }
  return error;
}

/** A request that names something the workflow does not have (an extension request, an escalation). */
export function notFound(message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: FailureType.NotFound, nonRetryable: true });
}

/** A request that conflicts with the workflow's state in a way the state machine does not describe. */
export function conflict(message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: FailureType.Conflict, nonRetryable: true });
}
