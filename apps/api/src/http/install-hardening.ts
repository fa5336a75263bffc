import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger as Pino } from 'pino';
import type { TokenVerifier } from '@dondoc/auth';
import type { HttpSettings } from '@dondoc/config';
import { authenticationMiddleware } from './authentication.middleware';
import { corsOptions } from './cors';
import { ApiLogger, requestLogMiddleware } from './logging';
import { IdentityThrottlerGuard } from './rate-limit/identity-throttler.guard';
import { requestIdMiddleware } from './request-id.middleware';
import { securityHeadersMiddleware } from './security-headers.middleware';
import { refuseInvalidUtf8 } from './strict-body';

/** What {@link installHttpHardening} needs. */
export interface HardeningOptions {
  http: HttpSettings;
  verifier: TokenVerifier;
  /** The process's pino logger (createApiLogger); Nest's own logging goes through it too. */
  logger: Pino;
  /** The identity provider's origin (oidc mode), which the console's pages may call. */
  providerOrigins?: string[];
}

/**
 * Puts the hardening in front of every route, in this order (each step relies on the ones
 * before): request id and context → security headers (helmet) → request log (pino-http) →
 * CORS (Nest's, answers preflights) → authentication (records who calls) → body parsers with
 * the size limit (413), refusing bytes that are not UTF-8 (400) → the rate limit per identity
 * (@nestjs/throttler, 429), as the first guard, so calls that other guards refuse count too.
 * Must be called before anything else registers middleware, body parsers or guards, on an app
 * created with `bodyParser: false` whose module imports RateLimitModule when the limit is on.
 */
export function installHttpHardening(app: NestExpressApplication, options: HardeningOptions): void {
  app.disable('x-powered-by');
  app.useLogger(new ApiLogger(options.logger));
  app.use(requestIdMiddleware);
  app.use(securityHeadersMiddleware('/api/docs', options.providerOrigins ?? []));
  app.use(requestLogMiddleware(options.logger));
  const cors = corsOptions(options.http.corsOrigins);
  if (cors !== null) app.enableCors(cors);
  app.use(authenticationMiddleware(options.verifier));
  // Nest's types leave `verify` out (it uses it for rawBody, which this app does not ask for).
  const json = { limit: options.http.bodyLimitBytes, verify: refuseInvalidUtf8 };
  const csv = { type: 'text/csv', limit: options.http.bodyLimitBytes, verify: refuseInvalidUtf8 };
  app.useBodyParser('json', json);
  app.useBodyParser('text', csv);
  if (options.http.rateLimitPerMinute > 0) app.useGlobalGuards(app.get(IdentityThrottlerGuard));
}
