/**
 * The role guard on a small Nest app behind the real authentication middleware: public
 * endpoints stay open, protected ones need a token (401) and one of their roles (403), and an
 * endpoint that declares nothing is closed.
 */
import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTokenVerifier, issueToken, type Principal, type Role } from '@dondoc/auth';
import { ErrorFilter } from '../../../apps/api/src/errors/error.filter';
import { AccessGuard, CurrentPrincipal, Public, Roles } from '../../../apps/api/src/http/access.guard';
import { installHttpHardening } from '../../../apps/api/src/http/install-hardening';
import { createApiLogger } from '../../../apps/api/src/http/logging';

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const CLAIMS = { unitClaim: 'dondoc_unit', rolesClaim: 'dondoc_roles' };

function bearer(roles: Role[]): Promise<string> {
  return issueToken({
    key: keys.privateKey,
    algorithm: 'ES256',
    issuer: 'i',
    audience: 'a',
    sub: `${roles.join('+')}-1`,
    unitId: 'u-1',
    roles,
    ttlSeconds: 600,
    ...CLAIMS,
  }).then((t) => `Bearer ${t}`);
}

@Controller('units')
@Roles('admin')
class UnitsProbe {
  @Get()
  list(@CurrentPrincipal() who: Principal): unknown {
    return { by: who.sub };
  }

  @Get('mine')
  @Roles('officer', 'clerk')
  mine(@CurrentPrincipal() who: Principal): unknown {
    return { unitId: who.unitId };
  }
}

@Controller()
class OpenProbe {
  @Get('health')
  @Public()
  health(): unknown {
    return { ok: true };
  }

  @Get('forgotten')
  forgotten(): unknown {
    return { leaked: true };
  }
}

@Module({ controllers: [UnitsProbe, OpenProbe], providers: [{ provide: APP_GUARD, useClass: AccessGuard }] })
class ProbeModule {}

let app: NestExpressApplication;

beforeAll(async () => {
  app = await NestFactory.create<NestExpressApplication>(ProbeModule, { logger: false, bodyParser: false });
  installHttpHardening(app, {
    http: { corsOrigins: [], bodyLimitBytes: 1024, rateLimitPerMinute: 0, rateLimitStore: 'memory' },
    verifier: createTokenVerifier({
      issuer: 'i',
      audience: 'a',
      keys: { kind: 'key', key: keys.publicKey, algorithms: ['ES256'] },
      clockToleranceSeconds: 5,
      ...CLAIMS,
    }),
    logger: createApiLogger({ write: () => undefined }),
  });
  app.useGlobalFilters(new ErrorFilter());
  await app.init();
});

afterAll(async () => {
  await app.close();
});

describe('access guard', () => {
  it('leaves public endpoints open without a token', async () => {
    await request(app.getHttpServer()).get('/health').expect(200, { ok: true });
  });

  it('answers 401 without a token before looking at roles', async () => {
    const response = await request(app.getHttpServer()).get('/units').expect(401);
    expect(response.body.details).toEqual({ code: 'TOKEN_MISSING' });
  });

  it('lets a role the controller names through, and hands the handler the principal', async () => {
    await request(app.getHttpServer())
      .get('/units')
      .set('authorization', await bearer(['admin']))
      .expect(200, { by: 'admin-1' });
  });

  it('answers 403 naming the roles for a role the endpoint does not allow', async () => {
    const response = await request(app.getHttpServer())
      .get('/units')
      .set('authorization', await bearer(['officer']))
      .expect(403);
    expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden', details: { allowedRoles: ['admin'] } });
  });

  it('lets a handler’s roles override its controller’s', async () => {
    await request(app.getHttpServer())
      .get('/units/mine')
      .set('authorization', await bearer(['clerk']))
      .expect(200, { unitId: 'u-1' });
    await request(app.getHttpServer())
      .get('/units/mine')
      .set('authorization', await bearer(['admin']))
      .expect(403);
  });

  it('closes an endpoint that declares neither roles nor public, even to an admin', async () => {
    const response = await request(app.getHttpServer())
      .get('/forgotten')
      .set('authorization', await bearer(['admin', 'supervisor']))
      .expect(403);
    expect(response.body.message).toBe('This endpoint is not open to any role');
  });
});
