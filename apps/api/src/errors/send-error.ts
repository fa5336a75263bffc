import type { Request, Response } from 'express';
import type { ErrorBody } from './error.filter';
import * as vietnamese from './vietnamese';

/**
 * Writes an error answer in the one error shape, in the language the request prefers: every
 * place that answers an error itself (the exception filter, and the checks that run before
 * Nest's routing) goes through here, so none answers in English to a person who asked for
 * Vietnamese.
 */
export function sendError(request: Request, response: Response, body: ErrorBody): void {
  const inVietnamese = prefersVietnamese(request);
  response.setHeader('Vary', 'Accept-Language');
  response.setHeader('Content-Language', inVietnamese ? 'vi' : 'en');
  response.status(body.statusCode).json(inVietnamese ? inVietnameseBody(body) : body);
}

/**
 * Error texts are written in English where they are found, and said in Vietnamese to a request
 * that prefers it (the console always sends its language); with no preference, English, which
 * every client integrated so far reads.
 */
function prefersVietnamese(request: Request): boolean {
  return typeof request.acceptsLanguages === 'function' && request.acceptsLanguages('en', 'vi') === 'vi';
}

/** The same answer with its problems and message in Vietnamese; codes and fields stay. */
function inVietnameseBody(body: ErrorBody): ErrorBody {
  if (!body.errors) return { ...body, message: vietnamese.message(body.message) };
  const errors = body.errors.map((e) => ({ field: e.field, problem: vietnamese.problem(e.problem) }));
  // An answer naming fields says them all in its message, as the English one does.
  const message = errors.map((e) => `${e.field}: ${e.problem}`).join('; ');
  return { ...body, message, errors };
}
