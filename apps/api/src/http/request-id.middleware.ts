import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { newRequestContext, runInRequestContext } from './request-context';

/** Header carrying the request id, in both directions. */
export const REQUEST_ID_HEADER = 'x-request-id';

// Ids a proxy or client may choose; anything else (spaces, quotes, newlines: log injection) is replaced.
const ACCEPTABLE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}$/;

/** The id to use: the caller's when it is sane, otherwise a new UUID. */
export function chooseRequestId(incoming: string | string[] | undefined, generate: () => string = randomUUID): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value !== undefined && ACCEPTABLE_ID.test(value) ? value : generate();
}

/**
 * Gives every request an id (kept from `x-request-id` when sane), answers it in the same header,
 * and opens the request context that log lines and the audit trail read it from.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const requestId = chooseRequestId(req.headers[REQUEST_ID_HEADER]);
  res.setHeader(REQUEST_ID_HEADER, requestId);
  runInRequestContext(res, newRequestContext(requestId), next);
}
