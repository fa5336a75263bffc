/**
 * The HTTP hardening in front of a small Nest app (no database, no Temporal): request ids,
 * security headers, authentication outcomes, per-identity rate limits, body size, CORS, JSON
 * logs, and error bodies without internals.
 */
import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { Body, Controller, Get, Logger, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SkipThrottle } from '@nestjs/throttler';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTokenVerifier, issueToken, type Role } from '@dondoc/auth';
import { ErrorFilter } from '../../../apps/api/src/errors/error.filter';
import { installHttpHardening } from '../../../apps/api/src/http/install-hardening';
import { createApiLogger } from '../../../apps/api/src/http/logging';
import { MemoryThrottlerStorage } from '../../../apps/api/src/http/rate-limit/memory-throttler.storage';
import { RateLimitModule } from '../../../apps/api/src/http/rate-limit/rate-limit.module';
import { currentRequestContext, requirePrincipal } from '../../../apps/api/src/http/request-context';

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const forger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const CLAIMS = { unitClaim: 'dondoc_unit', rolesClaim: 'dondoc_roles' };

function token(
  sub: string,
  options: { roles?: Role[]; ttlSeconds?: number; now?: Date; forged?: boolean } = {},
): Promise<string> {
  return issueToken({
    key: options.forged ? forger.privateKey : keys.privateKey,
    algorithm: 'ES256',
    issuer: 'dondoc-test',
    audience: 'dondoc-api',
    sub,
    unitId: 'bac-kan-city/ubnd',
    roles: options.roles ?? ['officer'],
    ttlSeconds: options.ttlSeconds ?? 600,
    ...(options.now ? { now: options.now } : {}),
    ...CLAIMS,
  });
}

@Controller()
class ProbeController {
  private readonly logger = new Logger('Probe');

  @Get('whoami')
  whoami(): unknown {
    return { principal: requirePrincipal(), requestId: currentRequestContext()?.requestId };
  }

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    this.logger.log('echo handled');
    return { body, requestId: currentRequestContext()?.requestId ?? null };
  }

  // Marked as the real health controller is.
  @SkipThrottle()
  @Get('health')
  health(): unknown {
    return { ok: true };
  }

  @Get('boom')
  boom(): never {
    throw new Error('relation "secret_table" does not exist: SELECT password FROM secret_table');
  }
}

let app: NestExpressApplication;
const lines: Record<string, unknown>[] = [];
let clockMs = Date.parse('2026-11-22T03:00:00Z');

@Module({
  imports: [RateLimitModule.forRoot({ perMinute: 3, storage: () => new MemoryThrottlerStorage(() => clockMs) })],
  controllers: [ProbeController],
})
class ProbeModule {}

beforeAll(async () => {
  app = await NestFactory.create<NestExpressApplication>(ProbeModule, { logger: false, bodyParser: false });
  installHttpHardening(app, {
    http: {
      corsOrigins: ['https://dondoc.example.gov.vn'],
      bodyLimitBytes: 1024,
      rateLimitPerMinute: 3,
      rateLimitStore: 'memory',
    },
    verifier: createTokenVerifier({
      issuer: 'dondoc-test',
      audience: 'dondoc-api',
      keys: { kind: 'key', key: keys.publicKey, algorithms: ['ES256'] },
      clockToleranceSeconds: 5,
      ...CLAIMS,
    }),
    logger: createApiLogger({ write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) }),
  });
  app.setGlobalPrefix('api/v1');
  app.useGlobalFilters(new ErrorFilter());
  await app.init();
});

afterAll(async () => {
  await app.close();
});

beforeEach(() => {
  // Each test starts a minute later: every identity's bucket is full again.
  clockMs += 60_000;
  lines.length = 0;
});

const http = (): ReturnType<typeof request> => request(app.getHttpServer());

describe('request ids', () => {
  it('answers a new UUID when the caller sends none, and the same id reaches the handler', async () => {
    const response = await http()
      .get('/api/v1/whoami')
      .set('authorization', `Bearer ${await token('a-1')}`)
      .expect(200);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
  });

  it('keeps a sane incoming id and replaces one that could forge log lines', async () => {
    await http().get('/api/v1/health').set('x-request-id', 'lb-7f3a:42').expect('x-request-id', 'lb-7f3a:42');
    const odd = await http().get('/api/v1/health').set('x-request-id', '"x" injected').expect(200);
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is kept across JSON body parsing, so log lines inside the handler carry it', async () => {
    const response = await http()
      .post('/api/v1/echo')
      .set('authorization', `Bearer ${await token('a-2')}`)
      .send({ note: 'ok' })
      .expect(201);
    expect(response.body).toEqual({ body: { note: 'ok' }, requestId: response.headers['x-request-id'] });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        context: 'Probe',
        msg: 'echo handled',
        requestId: response.headers['x-request-id'],
      }),
    );
  });
});

describe('security headers', () => {
  it('are on every answer, errors included, and the framework is not advertised', async () => {
    for (const path of ['/api/v1/health', '/api/v1/nowhere']) {
      const response = await http().get(path);
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': expect.stringContaining("default-src 'none'"),
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('let the docs page load its own scripts and styles', async () => {
    const response = await http().get('/api/docs/');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });
});

describe('authentication', () => {
  it('answers 401 naming the problem, with WWW-Authenticate, for a missing, expired or forged token', async () => {
    const missing = await http().get('/api/v1/whoami').expect(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="dondoc"');
    expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', details: { code: 'TOKEN_MISSING' } });

    const expired = await token('a-3', { ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) });
    const late = await http().get('/api/v1/whoami').set('authorization', `Bearer ${expired}`).expect(401);
    expect(late.body.details).toEqual({ code: 'TOKEN_EXPIRED' });
    expect(late.headers['www-authenticate']).toMatch(/error="invalid_token"/);

    const forged = await http()
      .get('/api/v1/whoami')
      .set('authorization', `Bearer ${await token('a-4', { forged: true })}`)
      .expect(401);
    expect(forged.body.details).toEqual({ code: 'TOKEN_BAD_SIGNATURE' });
  });

  it('hands the verified principal to the handler', async () => {
    const response = await http()
      .get('/api/v1/whoami')
      .set('authorization', `Bearer ${await token('clerk-5', { roles: ['clerk'] })}`)
      .expect(200);
    expect(response.body.principal).toEqual({ sub: 'clerk-5', unitId: 'bac-kan-city/ubnd', roles: ['clerk'] });
  });

  it('leaves open endpoints open, even to a caller with a bad token', async () => {
    await http().get('/api/v1/health').expect(200);
    await http().get('/api/v1/health').set('authorization', 'Bearer not-a-token').expect(200);
  });
});

describe('rate limit per identity', () => {
  it('answers 429 with Retry-After once a person spends the allowance, without touching others', async () => {
    const alice = `Bearer ${await token('alice')}`;
    for (let i = 0; i < 3; i += 1) await http().get('/api/v1/whoami').set('authorization', alice).expect(200);
    const refused = await http().get('/api/v1/whoami').set('authorization', alice).expect(429);
    expect(refused.headers['retry-after']).toBe('20');
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(refused.headers['x-request-id']).toBeDefined();

    await http()
      .get('/api/v1/whoami')
      .set('authorization', `Bearer ${await token('bob')}`)
      .expect(200);
    clockMs += 20_000;
    await http().get('/api/v1/whoami').set('authorization', alice).expect(200);
  });

  it('counts callers without a token by address, and never limits the health check', async () => {
    for (let i = 0; i < 3; i += 1) await http().get('/api/v1/whoami').expect(401);
    await http().get('/api/v1/whoami').set('authorization', 'Bearer guessed.token.value').expect(429);
    for (let i = 0; i < 5; i += 1) await http().get('/api/v1/health').expect(200);
  });
});

describe('request bodies', () => {
  it('refuses a body over the limit with 413 and a plain message', async () => {
    const response = await http()
      .post('/api/v1/echo')
      .set('authorization', `Bearer ${await token('big-1')}`)
      .send({ text: 'x'.repeat(2048) })
      .expect(413);
    expect(response.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'The request body is too large.',
    });
  });

  it('refuses malformed JSON with 400, not 500', async () => {
    const response = await http()
      .post('/api/v1/echo')
      .set('authorization', `Bearer ${await token('bad-json-1')}`)
      .set('content-type', 'application/json')
      .send('{"note": ')
      .expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/^The request body is not valid JSON/),
    });
  });
});

describe('CORS', () => {
  it('answers preflights from configured origins only', async () => {
    const allowed = await http()
      .options('/api/v1/whoami')
      .set('origin', 'https://dondoc.example.gov.vn')
      .set('access-control-request-method', 'POST')
      .expect(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://dondoc.example.gov.vn');
    expect(allowed.headers['access-control-allow-headers']).toContain('authorization');
    const other = await http()
      .options('/api/v1/whoami')
      .set('origin', 'https://evil.example')
      .set('access-control-request-method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('logs and error bodies', () => {
  it('write one JSON line per request with id, method, path, status, duration and person', async () => {
    const response = await http()
      .get('/api/v1/whoami?unitId=secret')
      .set('authorization', `Bearer ${await token('logged-1')}`)
      .expect(200);
    const requestLines = lines.filter((line) => line.msg === 'request');
    expect(requestLines).toEqual([
      expect.objectContaining({
        level: 'info',
        requestId: response.headers['x-request-id'],
        method: 'GET',
        path: '/api/v1/whoami',
        status: 200,
        ms: expect.any(Number),
        sub: 'logged-1',
      }),
    ]);
  });

  it('answer a failure with 500 and no internals, and log the stack with the request id', async () => {
    const response = await http()
      .get('/api/v1/boom')
      .set('authorization', `Bearer ${await token('b-1')}`)
      .expect(500);
    expect(response.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side; it has been logged.',
    });
    expect(JSON.stringify(response.body)).not.toMatch(/SELECT|secret_table|at /);
    const errorLine = lines.find((line) => line.context === 'ErrorFilter');
    expect(errorLine).toMatchObject({ level: 'error', requestId: response.headers['x-request-id'] });
    expect(String(errorLine?.msg)).toContain('secret_table');
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', status: 500, level: 'error' }));
  });
});
