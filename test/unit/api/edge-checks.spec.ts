/**
 * The checks at the API's edge, on a small Nest app wired like the real one (hardening, the
 * edge-text pipe, validation, the error filter) but without a database or Temporal: text that
 * cannot be stored or shown is refused with 400 naming the field, deep JSON is refused before
 * validation, names are NFC-normalised, a token without its roles claim is a 401 naming the
 * claim, and an unreachable database is a 503 with Retry-After.
 */
import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IsOptional, IsString } from 'class-validator';
import { SignJWT } from 'jose';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import { createTokenVerifier } from '@dondoc/auth';
import { EdgeTextPipe } from '../../../apps/api/src/edge/edge-text.pipe';
import { checkEdgeValue, MAX_JSON_DEPTH } from '../../../apps/api/src/edge/edge-text';
import { ErrorFilter, headerSafe } from '../../../apps/api/src/errors/error.filter';
import { FieldErrors } from '../../../apps/api/src/errors/errors';
import { createValidationPipe } from '../../../apps/api/src/validation/validation-pipe';
import { installHttpHardening } from '../../../apps/api/src/http/install-hardening';
import { createApiLogger } from '../../../apps/api/src/http/logging';
import { requirePrincipal } from '../../../apps/api/src/http/request-context';

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

class NoteBody {
  @IsString()
  code!: string;

  @IsOptional()
  @IsString()
  note?: string;

  @IsOptional()
  extra?: unknown;
}

@Controller()
class ProbeController {
  @Post('notes')
  note(@Body() body: NoteBody): unknown {
    return body;
  }

  @Post('csv')
  csv(@Body() body: unknown): unknown {
    return { body };
  }

  @Get('items/:id')
  item(@Param('id') id: string, @Query('filter') filter?: string): unknown {
    return { id, filter: filter ?? null };
  }

  @Get('whoami')
  whoami(): unknown {
    return requirePrincipal();
  }

  @Get('db/refused')
  refused(): never {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6543'), { code: 'ECONNREFUSED' });
  }

  @Get('db/shutdown')
  shutdown(): never {
    const driverError = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    throw new QueryFailedError('SELECT 1', [], driverError);
  }

  @Get('db/constraint')
  constraint(): never {
    throw new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate key'), { code: '23505' }));
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

let app: NestExpressApplication;

beforeAll(async () => {
  app = await NestFactory.create<NestExpressApplication>(ProbeModule, { logger: false, bodyParser: false });
  installHttpHardening(app, {
    http: { corsOrigins: [], bodyLimitBytes: 1024 * 1024, rateLimitPerMinute: 0, rateLimitStore: 'memory' },
    verifier: createTokenVerifier({
      issuer: 'dondoc-test',
      audience: 'dondoc-api',
      keys: { kind: 'key', key: keys.publicKey, algorithms: ['ES256'] },
      clockToleranceSeconds: 5,
      unitClaim: 'dondoc_unit',
      rolesClaim: 'dondoc_roles',
    }),
    logger: createApiLogger({ write: () => undefined }),
  });
  app.useGlobalPipes(new EdgeTextPipe(), createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  await app.init();
});

afterAll(async () => {
  await app.close();
});

const http = (): ReturnType<typeof request> => request(app.getHttpServer());

/** POSTs raw bytes as JSON. */
function postBytes(path: string, bytes: Buffer, type = 'application/json'): request.Test {
  // As bytes: superagent would otherwise serialise a Buffer as JSON.
  return http()
    .post(path)
    .set('content-type', type)
    .serialize((b: Buffer) => b as unknown as string)
    .send(bytes);
}

function expectField(response: request.Response, field: string, problem: RegExp): void {
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({
    statusCode: 400,
    error: 'Bad Request',
    errors: [{ field, problem: expect.stringMatching(problem) }],
  });
}

describe('text in bodies', () => {
  it.each([
    {
      name: 'NUL in free text',
      body: { code: 'a', note: 'xong\u0000' },
      field: 'note',
      problem: /control characters.*U\+0000 at position 4/,
    },
    {
      name: 'an escape character in free text',
      body: { code: 'a', note: '\u001b[31m' },
      field: 'note',
      problem: /U\+001B/,
    },
    { name: 'a C1 control character', body: { code: 'a', note: 'a\u0085b' }, field: 'note', problem: /U\+0085/ },
    { name: 'DEL', body: { code: 'a\u007f' }, field: 'code', problem: /U\+007F/ },
    { name: 'a line break in a code', body: { code: 'a\nb' }, field: 'code', problem: /no tab or line break here/ },
    { name: 'a tab in a code', body: { code: 'a\tb' }, field: 'code', problem: /no tab or line break here/ },
    {
      name: 'a lone high surrogate',
      body: { code: 'a', note: 'x\ud800y' },
      field: 'note',
      problem: /unpaired surrogate U\+D800/,
    },
    {
      name: 'a lone low surrogate at the end',
      body: { code: 'a', note: 'x\udc00' },
      field: 'note',
      problem: /unpaired surrogate U\+DC00/,
    },
    {
      name: 'NUL deep inside',
      body: { code: 'a', extra: { list: [{ name: 'ok' }, { name: 'b\u0000' }] } },
      field: 'extra.list[1].name',
      problem: /U\+0000/,
    },
    {
      name: 'NUL in a field name',
      body: { code: 'a', extra: { 'k\u0000': 1 } },
      field: 'extra.k\u0000',
      problem: /not a usable field name/,
    },
  ])('refuses $name with 400 naming the field', async ({ body, field, problem }) => {
    expectField(await http().post('/notes').send(body), field, problem);
  });

  it('keeps tab and line breaks in free text, and a pair of surrogates anywhere', async () => {
    const body = { code: 'mã-😀', note: 'Dòng 1\r\n\tDòng 2' };
    expect((await http().post('/notes').send(body).expect(201)).body).toEqual(body);
  });

  it('turns page breaks in free text into line breaks, and still refuses them in a code', async () => {
    const body = { code: 'a', note: 'Trang 1\fTrang 2' };
    expect((await http().post('/notes').send(body).expect(201)).body).toEqual({ code: 'a', note: 'Trang 1\nTrang 2' });
    expectField(await http().post('/notes').send({ code: 'a\fb' }), 'code', /U\+000C/);
  });

  it('stores names in NFC, so the same name typed two ways compares equal', async () => {
    const decomposed = 'Ha\u0300 No\u0323\u0302i';
    const response = await http().post('/notes').send({ code: decomposed }).expect(201);
    expect(response.body.code).toBe('Hà Nội');
    expect(response.body.code).toBe(decomposed.normalize('NFC'));
  });

  it('refuses bytes that are not UTF-8 with 400 naming the field, instead of storing U+FFFD', async () => {
    const bytes = Buffer.concat([Buffer.from('{"code":"a","note":"ch'), Buffer.from([0xc3, 0x28]), Buffer.from('o"}')]);
    expectField(await postBytes('/notes', bytes), 'note', /not valid UTF-8/);
    const overlong = Buffer.concat([Buffer.from('{"code":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
    expectField(await postBytes('/notes', overlong), 'code', /not valid UTF-8/);
    const surrogate = Buffer.concat([Buffer.from('{"code":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    expectField(await postBytes('/notes', surrogate), 'code', /not valid UTF-8/);
  });

  it('refuses a CSV body that is not UTF-8, and keeps line breaks in one that is', async () => {
    expectField(
      await postBytes(
        '/csv',
        Buffer.concat([Buffer.from('id,name\na,'), Buffer.from([0xff]), Buffer.from('\n')]),
        'text/csv',
      ),
      'body',
      /not valid UTF-8/,
    );
    expect((await postBytes('/csv', Buffer.from('id,name\r\na,Bắc Kạn\n'), 'text/csv').expect(201)).body).toEqual({
      body: 'id,name\r\na,Bắc Kạn\n',
    });
    expectField(await postBytes('/csv', Buffer.from('id,name\na,b\u0000\n'), 'text/csv'), 'body', /U\+0000/);
  });

  it(`refuses JSON nested 10,000 deep with 400 before validation, and accepts ${MAX_JSON_DEPTH} levels`, async () => {
    const deep = `{"code":"a","extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    expectField(await postBytes('/notes', Buffer.from(deep)), 'extra', /deeper than 64 levels/);
    const deepObject = `{"code":"a","extra":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    expectField(await postBytes('/notes', Buffer.from(deepObject)), 'extra', /deeper than 64 levels/);
    // The body itself is level 1; `extra` holds the remaining 63.
    const fits = `{"code":"a","extra":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
    await postBytes('/notes', Buffer.from(fits)).expect(201);
    const tooDeep = `{"code":"a","extra":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`;
    expectField(await postBytes('/notes', Buffer.from(tooDeep)), 'extra', /deeper than 64 levels/);
  });
});

describe('text in paths and query strings', () => {
  it('refuses %00 in a path parameter and in a filter with 400 naming it', async () => {
    expectField(await http().get('/items/abc%00'), 'id', /U\+0000/);
    expectField(await http().get('/items/abc?filter=x%00'), 'filter', /U\+0000/);
    expectField(await http().get('/items/abc?filter=x%0Ay'), 'filter', /no tab or line break here/);
  });

  it('passes ordinary values through, normalised', async () => {
    expect(
      (
        await http()
          .get(`/items/${encodeURIComponent('Ha\u0300')}?filter=b%E1%BA%AFc`)
          .expect(200)
      ).body,
    ).toEqual({ id: 'Hà', filter: 'bắc' });
  });
});

describe('checkEdgeValue', () => {
  it('names the first problem only, and lets non-strings through', () => {
    expect(checkEdgeValue({ a: 1, b: true, c: null }, { kind: 'body' })).toEqual({ a: 1, b: true, c: null });
    try {
      checkEdgeValue({ a: '\u0000', b: '\u0001' }, { kind: 'body' });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(FieldErrors);
      expect((error as FieldErrors).errors.map((e) => e.field)).toEqual(['a']);
    }
  });
});

describe('tokens without a required claim', () => {
  it('answer 401 naming the claim, with a WWW-Authenticate header a client can read', async () => {
    const token = await new SignJWT({ dondoc_unit: 'bac-kan/ubnd' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('can.bo')
      .setIssuer('dondoc-test')
      .setAudience('dondoc-api')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(keys.privateKey);
    const response = await http().get('/whoami').set('authorization', `Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({
      statusCode: 401,
      details: { code: 'TOKEN_BAD_CLAIMS', claim: 'dondoc_roles' },
    });
    expect(response.body.message).toContain('"dondoc_roles" claim is missing');
    expect(response.headers['www-authenticate']).toMatch(
      /^Bearer realm="dondoc", error="invalid_token", error_description="[\x20-\x7e]*dondoc_roles[\x20-\x7e]*"$/,
    );
  });

  it('header values are printable ASCII without quotes or backslashes', () => {
    expect(headerSafe('The bearer token’s "roles" claim is missing; it must list the person’s roles \\ ß')).toBe(
      "The bearer token's 'roles' claim is missing; it must list the person's roles ' ",
    );
  });
});

describe('an unreachable database', () => {
  it.each(['/db/refused', '/db/shutdown'])('%s answers 503 with Retry-After and no internals', async (path) => {
    const response = await http().get(path);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(/database is not reachable/),
    });
  });

  it('is told apart from an error in the query itself, which stays a 500', async () => {
    const response = await http().get('/db/constraint');
    expect(response.status).toBe(500);
    expect(response.headers['retry-after']).toBeUndefined();
  });
});
