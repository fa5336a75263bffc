/**
 * The API process. Settings are validated before anything starts; SIGINT/SIGTERM close the
 * HTTP server, the Temporal connection and the database pool in order.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadApiSettings } from '@dondoc/config';
import { AppModule } from './app.module';
import { configureApp } from './configure';

async function main(): Promise<void> {
  const settings = loadApiSettings();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(settings), { bufferLogs: false });
  configureApp(app);
  app.enableShutdownHooks();
  await app.listen(settings.port, '0.0.0.0');
  console.log(`api: listening on http://127.0.0.1:${settings.port}/api/v1 (docs at /api/docs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
