/**
 * What the API knows about the request being served, available anywhere below the middleware
 * (handlers, services, the logger) without passing it along: its id and who is calling.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Response } from 'express';
import { MissingTokenError, type AuthenticationError, type AuthUnavailableError, type Principal } from '@dondoc/auth';

/** The caller as far as the authentication middleware could tell. */
export type Authentication =
  | { kind: 'anonymous'; error: MissingTokenError }
  | { kind: 'refused'; error: AuthenticationError | AuthUnavailableError }
  | { kind: 'principal'; principal: Principal };

/** The context of one request. */
export interface RequestContext {
  readonly requestId: string;
  /** Set by the authentication middleware; anonymous until then. */
  authentication: Authentication;
}

const storage = new AsyncLocalStorage<RequestContext>();
const CONTEXT_KEY = 'dondocRequestContext';

/** Runs the rest of the request inside `context`; also keeps it on the response, for code that holds the response after the request's async context (the request log). */
export function runInRequestContext(res: Response, context: RequestContext, next: NextFunction): void {
  res.locals[CONTEXT_KEY] = context;
  storage.run(context, next);
}

/** The context of the request being served, or undefined outside one (start-up, workers). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The context kept on a response (for code that holds the response, such as the request log). */
export function requestContextOf(res: Response): RequestContext | undefined {
  return res.locals[CONTEXT_KEY] as RequestContext | undefined;
}

/** A fresh context for a request with this id; nobody is authenticated yet. */
export function newRequestContext(requestId: string): RequestContext {
  return { requestId, authentication: { kind: 'anonymous', error: new MissingTokenError() } };
}

/**
 * The verified caller of the current request.
 * @throws the reason there is none (missing, expired, forged token…), which the error filter answers with 401 (or 503).
 */
export function requirePrincipal(context: RequestContext | undefined = currentRequestContext()): Principal {
  if (context === undefined) throw new MissingTokenError();
  const auth = context.authentication;
  if (auth.kind === 'principal') return auth.principal;
  throw auth.error;
}
