import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
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
  /** The read model refused the change's data (text it cannot store, a value too long): 400, or 409 for a clash. */
  DataRejected: 'DATA_REJECTED',
  /** The change could not be written in time (the database unreachable): the task is unchanged, try again. */
  NotRecorded: 'NOT_RECORDED',
} as const;

/** Details carried by a DATA_REJECTED failure. */
export interface DataRejectedDetails {
  /** The argument whose text the database cannot store, when one is to blame; null otherwise. */
  field: string | null;
  problem: string;
  sqlState: string;
  /** An integrity clash (a duplicate, a missing row): the API answers 409 rather than 400. */
  conflict: boolean;
}

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
    const details: IllegalTransitionDetails = {
      status: error.status,
      action: error.action,
      allowedActions: error.allowedActions,
    };
    return ApplicationFailure.create({
      message: error.message,
      type: FailureType.IllegalTransition,
      nonRetryable: true,
      details: [details],
    });
  }
  if (error instanceof ValidationError) {
    const details: ValidationDetails = { field: error.field, problem: error.problem };
    return ApplicationFailure.create({
      message: error.message,
      type: FailureType.Validation,
      nonRetryable: true,
      details: [details],
    });
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

/** How an activity's failure reads to the workflow that called it. */
export type WriteFailure =
  { kind: 'rejected'; sqlState: string; conflict: boolean; message: string } | { kind: 'unrecorded'; message: string };

/**
 * Classifies what a failed activity call threw: refused data (the activity's DATA_REJECTED,
 * which no retry fixes) or anything else (retries ran out, time-outs). Not an activity failure
 * (a cancellation, a bug): undefined, so the caller rethrows it.
 */
export function writeFailureOf(error: unknown): WriteFailure | undefined {
  if (!(error instanceof ActivityFailure)) return undefined;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure && cause.type === FailureType.DataRejected) {
    const d = (cause.details?.[0] ?? {}) as { sqlState?: unknown; conflict?: unknown };
    const sqlState = typeof d.sqlState === 'string' ? d.sqlState : 'unknown';
    return { kind: 'rejected', sqlState, conflict: d.conflict === true, message: cause.message };
  }
  return { kind: 'unrecorded', message: cause?.message ?? error.message };
}

/** The Update's failure for a change whose data the read model refused; the task is left as it was. */
export function dataRejectedFailure(
  failure: Extract<WriteFailure, { kind: 'rejected' }>,
  field: string | null,
): ApplicationFailure {
  const problem =
    field !== null
      ? 'contains characters that cannot be stored (NUL or an unpaired UTF-16 surrogate)'
      : `was refused by the database (SQLSTATE ${failure.sqlState}); the task is unchanged`;
  const details: DataRejectedDetails = { field, problem, sqlState: failure.sqlState, conflict: failure.conflict };
  return ApplicationFailure.create({
    message: `the change could not be recorded: ${field ?? 'the data'} ${problem}`,
    type: FailureType.DataRejected,
    nonRetryable: true,
    details: [details],
  });
}

/** The Update's failure for a change that could not be written in time; the task is left as it was. */
export function notRecordedFailure(message: string): ApplicationFailure {
  return ApplicationFailure.create({
    message: `the change was not recorded and the task is unchanged (${message}); try again shortly`,
    type: FailureType.NotRecorded,
    nonRetryable: true,
  });
}

/**
 * Whether PostgreSQL cannot store the text: NUL (refused in text and jsonb alike) or an unpaired
 * UTF-16 surrogate (refused in jsonb; in text it would silently become U+FFFD).
 */
function isUnstorable(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit === 0) return true;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i += 1;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return true;
  }
  return false;
}

/** The first field of an Update's arguments whose text cannot be stored, to name it in the 400. */
export function unstorableTextField(args: object): string | null {
  for (const [field, value] of Object.entries(args)) {
    if (typeof value === 'string' && isUnstorable(value)) return field;
  }
  return null;
}
