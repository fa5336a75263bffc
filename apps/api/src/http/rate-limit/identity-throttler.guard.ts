import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { requestContextOf } from '../request-context';

/**
 * Who a request counts against: the verified person in their unit when there is one, otherwise
 * the client address (so guessing tokens is limited too). Reads what the authentication
 * middleware recorded, so it must run after it.
 */
export function rateLimitIdentity(req: Request, res: Response): string {
  const auth = requestContextOf(res)?.authentication;
  if (auth?.kind === 'principal') return `sub:${auth.principal.sub}@${auth.principal.unitId}`;
  return `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * @nestjs/throttler's guard with one allowance per identity for the whole API (the library
 * keys by class and handler, which would give each endpoint an allowance of its own) and the
 * RateLimit-* header names this API has always answered with. Routes marked `@SkipThrottle()`
 * (health) are never limited.
 */
@Injectable()
export class IdentityThrottlerGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as Request;
    const response = request.res;
    if (response === undefined) throw new Error('IdentityThrottlerGuard needs an Express request');
    return Promise.resolve(rateLimitIdentity(request, response));
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
