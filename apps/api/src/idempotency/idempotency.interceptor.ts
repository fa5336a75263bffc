import {
  Injectable,
  Logger,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, mergeMap, Observable, of } from 'rxjs';
import { ConflictError } from '../errors/errors';
import { requirePrincipal } from '../http/request-context';
import {
  IDEMPOTENCY_HEADER,
  REPLAYED_HEADER,
  parseIdempotencyKey,
  requestFingerprint,
  runWithIdempotencyKey,
  type CallerKey,
} from './idempotency-key';
import { IdempotencyStore } from './idempotency.store';

/** Methods that change something; a key on a read is ignored. */
const CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Answers that are final for the request as sent, and so are replayed: success, and refusals
 * of the request itself or of the change it asked for (400 invalid, 409 illegal now, 422).
 * Others say something about the moment or the caller, not the request (401/403/404 follow the
 * token and the organisation tree, 408/429 the moment, 5xx our side): nothing was done, the key
 * is released and a retry acts again.
 */
export function isFinalAnswer(status: number): boolean {
  return (status >= 200 && status < 300) || status === 400 || status === 409 || status === 422;
}

/**
 * `Idempotency-Key` on every changing request (after authentication and role checks, before
 * validation): the first request with a key claims it and its final answer is recorded before
 * it is sent; a repeat with the same method, path and body gets that answer again, marked
 * `Idempotent-Replayed: true`, without acting; the same key on another request is 422; a
 * repeat while the first still runs is 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (!CHANGING_METHODS.has(request.method)) return next.handle();
    const key = parseIdempotencyKey(request.headers['idempotency-key']);
    if (key === undefined) return next.handle();
    const principal = requirePrincipal();
    const callerKey: CallerKey = { sub: principal.sub, unitId: principal.unitId, key };
    const path = request.originalUrl;
    const keyed = {
      ...callerKey,
      method: request.method,
      path,
      fingerprint: requestFingerprint(request.method, path, request.body),
    };
    return from(this.store.claim(keyed)).pipe(
      mergeMap((claim) => {
        switch (claim.kind) {
          case 'replay':
            response.status(claim.status);
            response.setHeader(REPLAYED_HEADER, 'true');
            return of(JSON.parse(claim.body) as unknown);
          case 'mismatch':
            throw new UnprocessableEntityException(
              `${IDEMPOTENCY_HEADER} ${JSON.stringify(key)} was already used for another request (${claim.method} ${claim.path} with another body); use a new key for a new request`,
            );
          case 'busy':
            response.setHeader('Retry-After', '1');
            throw new ConflictError(
              `a request with this ${IDEMPOTENCY_HEADER} is still being processed; retry once it has answered`,
              { idempotencyKey: key },
            );
          case 'claimed':
            this.recordAnswer(response, callerKey);
            // Subscribed inside the key's context, not only created there: interceptors after this
            // one (the people one awaits a profile write first) call the handler from a promise's
            // continuation, which carries the context of where it was subscribed.
            return new Observable<unknown>((subscriber) =>
              runWithIdempotencyKey(callerKey, () => next.handle().subscribe(subscriber)),
            );
        }
      }),
    );
  }

  /**
   * Holds the answer back until it is recorded (final) or the key released (not final), so a
   * client that saw the answer and repeats the request always finds it. Every answer, the
   * handler's or the error filter's, leaves through `response.json`.
   */
  private recordAnswer(response: Response, key: CallerKey): void {
    const send = response.json.bind(response);
    let sent = false;
    response.json = (body: unknown): Response => {
      if (sent) return send(body);
      sent = true;
      const status = response.statusCode;
      const text = JSON.stringify(body) ?? 'null';
      const recording = isFinalAnswer(status) ? this.store.complete(key, status, text) : this.store.release(key);
      recording
        .catch((error: unknown) =>
          this.logger.error(
            `could not record the answer for ${IDEMPOTENCY_HEADER} (${status}): ${(error as Error).message}`,
          ),
        )
        .finally(() => send(body));
      return response;
    };
  }
}
