import type { NextFunction, Request, Response } from 'express';
import {
  AuthenticationError,
  AuthUnavailableError,
  bearerToken,
  type MissingTokenError,
  type TokenVerifier,
} from '@dondoc/auth';
import { requestContextOf } from './request-context';

/**
 * Verifies the bearer token, if any, and records the outcome in the request context. It never
 * answers by itself: open endpoints (health, docs) work without a token, and the guard of each
 * protected endpoint turns a missing or refused token into 401 (`requirePrincipal`). Knowing
 * the person this early lets the rate limiter and the request log use it.
 */
export function authenticationMiddleware(
  verifier: TokenVerifier,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const context = requestContextOf(res);
    if (context === undefined) throw new Error('authenticationMiddleware must run after requestIdMiddleware');
    if (req.headers.authorization === undefined) return next();
    let token: string;
    try {
      token = bearerToken(req.headers.authorization);
    } catch (error) {
      context.authentication = { kind: 'refused', error: error as MissingTokenError };
      return next();
    }
    verifier.verify(token).then(
      (principal) => {
        context.authentication = { kind: 'principal', principal };
        next();
      },
      (error: unknown) => {
        if (error instanceof AuthenticationError || error instanceof AuthUnavailableError) {
          context.authentication = { kind: 'refused', error };
          next();
        } else {
          next(error);
        }
      },
    );
  };
}
