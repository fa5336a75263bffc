/**
 * The API process. Settings are validated before anything starts; SIGINT/SIGTERM close the
 * HTTP server, the Temporal connection and the database pool in order. Tracing, when an OTLP
 * endpoint is configured, starts before any other module loads (./tracing/tracing).
 */
import 'reflect-metadata';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import './tracing/tracing';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createTokenVerifierFromSettings } from '@dondoc/auth';
import { ConfigError, loadApiSettings } from '@dondoc/config';
import { AppModule } from './app.module';
import { configureApp } from './configure';
import { serveConsole } from './console/serve-console';
import { ApiLogger, createApiLogger } from './http/logging';

async function main(): Promise<void> {
  const settings = loadApiSettings();
  const verifier = createTokenVerifierFromSettings(settings.auth);
  const logger = createApiLogger();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(settings, logger), {
    bodyParser: false,
    logger: new ApiLogger(logger),
  });
  const providerOrigins = settings.auth.mode === 'oidc' ? [new URL(settings.auth.issuer).origin] : [];
  configureApp(app, { http: settings.http, verifier, logger, providerOrigins });
  const withConsole = serveConsole(app);
  app.enableShutdownHooks();
  const server = (await app.listen(settings.port, '0.0.0.0')) as Server;
  // On a signal, stop accepting connections at once: Nest closes the server only after every
  // module's destroy hooks, which wait for the requests still in flight to finish. A connection
  // kept alive through that wait would go on carrying new requests to a stopping process (a
  // client or balancer reusing it is never refused), so every answer not yet sent closes its own.
  closeConnectionsOnSignal(server);
  logger.info({ context: 'api' }, `listening on http://127.0.0.1:${settings.port}/api/v1 (docs at /api/docs)`);
  if (withConsole) logger.info({ context: 'api' }, `console at http://127.0.0.1:${settings.port}/`);
  else logger.warn({ context: 'api' }, 'no built console (dist/console): run `npm run build` to serve it at /');
}

/** Stops accepting connections on SIGTERM/SIGINT and makes every answer from then on close its connection. */
function closeConnectionsOnSignal(server: Server): void {
  const unanswered = new Set<ServerResponse>();
  let stopping = false;
  const closeWithAnswer = (response: ServerResponse): void => {
    if (!response.headersSent) response.setHeader('Connection', 'close');
  };
  server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
    if (stopping) return closeWithAnswer(response);
    unanswered.add(response);
    response.once('close', () => unanswered.delete(response));
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      stopping = true;
      unanswered.forEach(closeWithAnswer);
      server.close();
    });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
