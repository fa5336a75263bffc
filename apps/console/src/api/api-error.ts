import type { ErrorBody } from './types';

/** An answer of the API that was not a success, with its body when it had the usual shape. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** The HTTP status; 0 when no answer came (the network, the server down). */
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }

  /** The problem the API named for each field of a 400, by field. */
  fieldProblems(): Record<string, string> {
    const problems: Record<string, string> = {};
    for (const { field, problem } of this.body?.errors ?? []) problems[field] = problem;
    return problems;
  }
}
