import type { NextFunction, Request, Response } from 'express';
import type { JsonLogger } from './json-logger';
import { requestContextOf } from './request-context';

/**
 * One JSON line per request when its answer is sent (or the client goes away): request id,
 * method, path (without the query string, which may carry personal filters), status,
 * duration in ms, and who asked when a token was verified.
 */
export function requestLogMiddleware(logger: JsonLogger, clock: () => bigint = process.hrtime.bigint): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const started = clock();
    let logged = false;
    const log = (): void => {
      if (logged) return;
      logged = true;
      const context = requestContextOf(res);
      const auth = context?.authentication;
      logger.record(res.statusCode >= 500 ? 'error' : 'info', {
        msg: 'request',
        ...(context === undefined ? {} : { requestId: context.requestId }),
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: Math.round(Number(clock() - started) / 1e5) / 10,
        sub: auth?.kind === 'principal' ? auth.principal.sub : null,
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    };
    res.once('finish', log);
    res.once('close', log);
    next();
  };
}
