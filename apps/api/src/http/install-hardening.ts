import type { NestExpressApplication } from '@nestjs/platform-express';
import type { TokenVerifier } from '@dondoc/auth';
import type { HttpSettings } from '@dondoc/config';
import { authenticationMiddleware } from './authentication.middleware';
import { corsOptions } from './cors';
import type { JsonLogger } from './json-logger';
import { TokenBucketLimiter } from './rate-limiter';
import { rateLimitMiddleware } from './rate-limit.middleware';
import { requestIdMiddleware } from './request-id.middleware';
import { requestLogMiddleware } from './request-log.middleware';
import { securityHeadersMiddleware } from './security-headers.middleware';
import { refuseInvalidUtf8 } from './strict-body';

/** What {@link installHttpHardening} needs. */
export interface HardeningOptions {
  http: HttpSettings;
  verifier: TokenVerifier;
  logger: JsonLogger;
  /** Replaceable in tests. */
  limiter?: TokenBucketLimiter;
}

/**
 * Puts the hardening in front of every route, in this order (each step relies on the ones
 * before): request id and context → security headers → request log → CORS (answers preflights)
 * → authentication (records who calls) → rate limit per identity (429) → body parsers with the
 * size limit (413), refusing bytes that are not UTF-8 (400). Must be called before anything else registers middleware or body parsers,
 * on an app created with `bodyParser: false`, so no parser reads a body before the limits apply.
 */
export function installHttpHardening(app: NestExpressApplication, options: HardeningOptions): void {
  app.disable('x-powered-by');
  app.useLogger(options.logger);
  app.use(requestIdMiddleware);
  app.use(securityHeadersMiddleware());
  app.use(requestLogMiddleware(options.logger));
  const cors = corsOptions(options.http.corsOrigins);
  if (cors !== null) app.enableCors(cors);
  app.use(authenticationMiddleware(options.verifier));
  if (options.http.rateLimitPerMinute > 0) {
    app.use(rateLimitMiddleware(options.limiter ?? new TokenBucketLimiter(options.http.rateLimitPerMinute)));
  }
  // Nest's types leave `verify` out (it uses it for rawBody, which this app does not ask for).
  const json = { limit: options.http.bodyLimitBytes, verify: refuseInvalidUtf8 };
  const csv = { type: 'text/csv', limit: options.http.bodyLimitBytes, verify: refuseInvalidUtf8 };
  app.useBodyParser('json', json);
  app.useBodyParser('text', csv);
}
