import { Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { TokenVerifier } from '@dondoc/auth';
import type { HttpSettings } from '@dondoc/config';
import type { Logger as Pino } from 'pino';
import { ErrorFilter } from './errors/error.filter';
import { EdgeTextPipe } from './edge/edge-text.pipe';
import { createValidationPipe } from './validation/validation-pipe';
import { AccessGuard } from './http/access.guard';
import { installHttpHardening } from './http/install-hardening';
import { buildOpenApiDocument } from './openapi/document';
import { methodNotAllowed } from './openapi/method-not-allowed';
import { checkQueryParameters } from './openapi/query-parameters';
import { ApiMetrics } from './metrics/api-metrics';
import { recordHttpMetrics } from './metrics/http-metrics.middleware';

/** What the app is put together with. */
export interface AppWiring {
  http: HttpSettings;
  verifier: TokenVerifier;
  logger: Pino;
  /** The identity provider's origin (oidc mode), which the console's pages may call. */
  providerOrigins?: string[];
}

/**
 * Hardening and authentication in front of every route (request id, headers, log, CORS, who
 * calls, body limits, rate limit), then the prefix, role checks on every endpoint (deny by
 * default), text checks on every body, query and path value, validation, error mapping and the OpenAPI document. The app must be created with
 * `bodyParser: false`: the hardening installs the parsers with the configured limit.
 */
export function configureApp(app: NestExpressApplication, wiring: AppWiring): void {
  // First, so the requests the hardening refuses are timed and counted as well.
  app.use(recordHttpMetrics(app.get(ApiMetrics)));
  installHttpHardening(app, wiring);
  app.setGlobalPrefix('api/v1');
  app.useGlobalGuards(new AccessGuard(app.get(Reflector)));
  app.useGlobalPipes(new EdgeTextPipe(), createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/json' });
  app.use(methodNotAllowed(document));
  app.use(checkQueryParameters(document));
}
