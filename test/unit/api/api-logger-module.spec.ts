/**
 * The API's nestjs-pino module: its middleware is registered in the route form Nest 11 takes, so
 * an API start writes no conversion warning, and a line logged inside a handler is still the
 * request's (its id, from the request logger in front).
 */
import 'reflect-metadata';
import { Controller, Get, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ApiLogger, apiLoggerModule, createApiLogger, requestLogMiddleware } from '../../../apps/api/src/http/logging';

@Controller('probe')
class ProbeController {
  private readonly log = new Logger('Probe');

  @Get()
  probe(): { ok: boolean } {
    this.log.log('inside the handler');
    return { ok: true };
  }
}

const lines: Record<string, unknown>[] = [];
const logger = createApiLogger({ write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });

@Module({ imports: [apiLoggerModule(logger)], controllers: [ProbeController] })
class ProbeModule {}

let app: NestExpressApplication;

beforeAll(async () => {
  app = await NestFactory.create<NestExpressApplication>(ProbeModule, { logger: new ApiLogger(logger) });
  app.use(requestLogMiddleware(logger));
  app.setGlobalPrefix('api/v1');
  await app.init();
});

afterAll(async () => {
  await app.close();
});

it('starts without a route-conversion warning', () => {
  expect(lines.filter((line) => line.context === 'LegacyRouteConverter')).toEqual([]);
  expect(lines.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([]);
});

it("logs a handler's line with the id of the request it belongs to", async () => {
  await request(app.getHttpServer()).get('/api/v1/probe').expect(200);
  const inside = lines.find((line) => line.msg === 'inside the handler');
  const requestLine = lines.find((line) => line.msg === 'request' && line.path === '/api/v1/probe');
  expect(requestLine?.requestId).toEqual(expect.any(String));
  expect(inside).toMatchObject({ context: 'Probe', requestId: requestLine?.requestId });
});
