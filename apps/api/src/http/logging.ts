import { randomUUID } from 'node:crypto';
import { RequestMethod, type DynamicModule, type LoggerService } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Logger, LoggerModule, PinoLogger } from 'nestjs-pino';
import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { jsonLogOptions } from '@dondoc/config';
import { currentRequestContext, requestContextOf } from './request-context';

/** Where a request's token is; never written to a log, whoever logs a request or its headers. */
const SECRET_PATHS = ['req.headers.authorization', 'headers.authorization', 'request.headers.authorization'];

/**
 * The API's pino logger (to stdout unless `destination` says otherwise): the shared JSON line
 * shape, the bearer token redacted, and inside a request its id, so a line can be traced to the
 * request (and the audit record) it belongs to. The id is read from the request context, which
 * every middleware and handler runs in; a line from pino-http's request logger already carries it.
 */
export function createApiLogger(destination?: DestinationStream): Pino {
  const options = {
    ...jsonLogOptions(),
    redact: { paths: SECRET_PATHS, censor: '[redacted]' },
    mixin: (_fields: object, _level: number, logger: Pino): object => {
      const requestId = currentRequestContext()?.requestId;
      return requestId === undefined || 'requestId' in logger.bindings() ? {} : { requestId };
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/**
 * One line per request when its answer is sent (or the client goes away): request id, method,
 * path (without the query string, which may carry personal filters), status, duration in ms and
 * who asked when a token was verified. Level `error` for a 5xx, `info` otherwise.
 */
export function requestLogMiddleware(logger: Pino): HttpLogger<Request, Response> {
  const fields = (req: Request, res: Response, responseTime: number): Record<string, unknown> => {
    const auth = requestContextOf(res)?.authentication;
    return {
      method: req.method,
      path: req.originalUrl.split('?')[0],
      status: res.statusCode,
      ms: responseTime,
      sub: auth?.kind === 'principal' ? auth.principal.sub : null,
      ...(res.writableFinished ? {} : { aborted: true }),
    };
  };
  return pinoHttp<Request, Response>({
    logger,
    // The id the request-id middleware chose (it runs first), under the name every line uses.
    genReqId: (_req, res) => requestContextOf(res)?.requestId ?? randomUUID(),
    customAttributeKeys: { reqId: 'requestId' },
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (_req, res) => (res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
    customSuccessObject: (req, res, value: { responseTime: number }) => fields(req, res, value.responseTime),
    customErrorObject: (req, res, _error, value: { responseTime: number }) => fields(req, res, value.responseTime),
  });
}

/**
 * nestjs-pino's module over the API's logger, its middleware on every route. The route is given
 * in the named-wildcard form Nest 11's router takes: the module's default, `*`, is the old form,
 * which Nest converted with a warning at every start.
 */
export function apiLoggerModule(logger: Pino): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: { logger },
    useExisting: true,
    forRoutes: [{ path: '/{*path}', method: RequestMethod.ALL }],
  });
}

/**
 * Nest's logger service over pino (nestjs-pino). A message that is neither text nor an Error is
 * written as its JSON text in `msg`, as before, rather than merged into the line: a logged
 * object with a `level`, `time` or `msg` key would otherwise overwrite the line's own.
 * nestjs-pino keeps the first pino logger it is given as the process's root, so a process
 * creates one (createApiLogger) and hands that same one everywhere.
 */
export class ApiLogger extends Logger implements LoggerService {
  constructor(logger: Pino) {
    super(new PinoLogger({ pinoHttp: { logger }, useExisting: true }), {});
  }

  override log(message: unknown, ...rest: unknown[]): void {
    super.log(asMessage(message), ...rest);
  }
  override error(message: unknown, ...rest: unknown[]): void {
    super.error(asMessage(message), ...rest);
  }
  override warn(message: unknown, ...rest: unknown[]): void {
    super.warn(asMessage(message), ...rest);
  }
  override debug(message: unknown, ...rest: unknown[]): void {
    super.debug(asMessage(message), ...rest);
  }
  override verbose(message: unknown, ...rest: unknown[]): void {
    super.verbose(asMessage(message), ...rest);
  }
  override fatal(message: unknown, ...rest: unknown[]): void {
    super.fatal(asMessage(message), ...rest);
  }
}

function asMessage(message: unknown): unknown {
  return typeof message === 'string' || message instanceof Error ? message : JSON.stringify(message);
}
