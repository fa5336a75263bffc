import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import { currentRequestContext } from '../http/request-context';
import { PeopleService } from './people.service';

/**
 * Records the caller's profile from their token before the handler runs (after the guard has let
 * the request in), so a person is known, and can be given tasks, from their first request on.
 * Cheap: the service writes only what changed or has not been refreshed for a while.
 */
@Injectable()
export class PeopleSeenInterceptor implements NestInterceptor {
  constructor(private readonly people: PeopleService) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const authentication = currentRequestContext()?.authentication;
    if (authentication?.kind !== 'principal') return next.handle();
    return from(this.people.recordSeen(authentication.principal)).pipe(switchMap(() => next.handle()));
  }
}
