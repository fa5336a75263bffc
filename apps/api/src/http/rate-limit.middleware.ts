import type { NextFunction, Request, Response } from 'express';
import type { ErrorBody } from '../errors/error.filter';
import { requestContextOf } from './request-context';
import type { TokenBucketLimiter } from './rate-limiter';

/**
 * Who a request counts against: the verified person when there is one, otherwise the client
 * address (so guessing tokens is limited too).
 */
export function rateLimitIdentity(req: Request, res: Response): string {
  const auth = requestContextOf(res)?.authentication;
  return auth?.kind === 'principal' ? `sub:${auth.principal.sub}` : `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * Answers 429 with Retry-After once an identity spends its allowance. Runs after authentication,
 * so it can count per person. Paths in `exempt` (health checks from a balancer) are never limited.
 */
export function rateLimitMiddleware(
  limiter: TokenBucketLimiter,
  exempt: readonly string[] = ['/api/v1/health'],
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    if (exempt.includes(req.path)) return next();
    const decision = limiter.take(rateLimitIdentity(req, res));
    res.setHeader('RateLimit-Limit', String(limiter.perMinute));
    if (decision.allowed) {
      res.setHeader('RateLimit-Remaining', String(decision.remaining));
      return next();
    }
    res.setHeader('RateLimit-Remaining', '0');
    res.setHeader('Retry-After', String(decision.retryAfterSeconds));
    const body: ErrorBody = {
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Too many requests; at most ${limiter.perMinute} a minute. Try again in ${decision.retryAfterSeconds} s.`,
    };
    res.status(429).json(body);
  };
}
