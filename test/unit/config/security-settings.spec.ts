import path from 'node:path';
import { ConfigError, loadApiSettings, loadAuthSettings } from '@dondoc/config';

const OIDC = {
  DONDOC_AUTH_MODE: 'oidc',
  DONDOC_JWT_ISSUER: 'https://id.example.gov.vn/realms/dondoc',
  DONDOC_JWT_AUDIENCE: 'dondoc-api',
  DONDOC_OIDC_JWKS_URL: 'https://id.example.gov.vn/realms/dondoc/protocol/openid-connect/certs',
};

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('authentication settings', () => {
  it('default to the local key pair under .data/keys with Dondoc’s claim names', () => {
    expect(loadAuthSettings({})).toEqual({
      mode: 'local',
      issuer: 'dondoc-local',
      audience: 'dondoc-api',
      publicKeyFile: path.resolve('.data/keys/jwt-public.pem'),
      privateKeyFile: path.resolve('.data/keys/jwt-private.pem'),
      jwksUrl: null,
      unitClaim: 'dondoc_unit',
      rolesClaim: 'dondoc_roles',
      nameClaim: 'name',
      emailClaim: 'email',
      clockToleranceSeconds: 30,
    });
  });

  it('in oidc mode take the provider’s issuer, audience and JWKS address', () => {
    expect(loadAuthSettings({ ...OIDC, DONDOC_JWT_ROLES_CLAIM: 'realm_access.roles' })).toMatchObject({
      mode: 'oidc',
      issuer: OIDC.DONDOC_JWT_ISSUER,
      jwksUrl: OIDC.DONDOC_OIDC_JWKS_URL,
      rolesClaim: 'realm_access.roles',
    });
  });

  it('in oidc mode name every missing setting and what to put there', () => {
    const problems = problemsOf(() => loadAuthSettings({ DONDOC_AUTH_MODE: 'oidc' }));
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(
      /^DONDOC_JWT_ISSUER is not set; with DONDOC_AUTH_MODE=oidc it must be your identity provider's issuer URL/,
    );
    expect(problems[1]).toMatch(/^DONDOC_JWT_AUDIENCE is not set/);
    expect(problems[2]).toMatch(/^DONDOC_OIDC_JWKS_URL is not set.*jwks_uri/);
  });

  it('refuse plain http to a provider that is not on this machine, and an unknown mode', () => {
    expect(
      problemsOf(() => loadAuthSettings({ ...OIDC, DONDOC_OIDC_JWKS_URL: 'http://id.example.gov.vn/certs' })),
    ).toEqual([
      'DONDOC_OIDC_JWKS_URL=http://id.example.gov.vn/certs must use https:// (plain http:// only for a provider on localhost)',
    ]);
    expect(loadAuthSettings({ ...OIDC, DONDOC_OIDC_JWKS_URL: 'http://localhost:8080/certs' }).jwksUrl).toBe(
      'http://localhost:8080/certs',
    );
    expect(problemsOf(() => loadAuthSettings({ DONDOC_AUTH_MODE: 'ldap' }))).toEqual([
      'DONDOC_AUTH_MODE=ldap must be one of local, oidc',
    ]);
    expect(problemsOf(() => loadAuthSettings({ DONDOC_JWT_UNIT_CLAIM: 'unit id' }))).toEqual([
      'DONDOC_JWT_UNIT_CLAIM=unit id must be a claim name such as dondoc_unit',
    ]);
  });
});

describe('HTTP hardening settings', () => {
  it('default to no cross-origin callers, 10 MB bodies and 600 requests a minute, counted in this process', () => {
    expect(loadApiSettings({}).http).toEqual({
      corsOrigins: [],
      bodyLimitBytes: 10 * 1024 * 1024,
      rateLimitPerMinute: 600,
      rateLimitStore: 'memory',
    });
  });

  it('count the rate limit in PostgreSQL when asked, and refuse another store', () => {
    expect(loadApiSettings({ DONDOC_RATE_LIMIT_STORE: 'postgres' }).http.rateLimitStore).toBe('postgres');
    expect(problemsOf(() => loadApiSettings({ DONDOC_RATE_LIMIT_STORE: 'redis' }))).toEqual([
      expect.stringMatching(/^DONDOC_RATE_LIMIT_STORE=redis /),
    ]);
  });

  it('read CORS origins, a body limit with its unit, and a rate limit (0 turns it off)', () => {
    const http = loadApiSettings({
      DONDOC_CORS_ORIGINS: 'https://dondoc.example.gov.vn/, http://localhost:5173',
      DONDOC_BODY_LIMIT: '512kb',
      DONDOC_RATE_LIMIT: '0',
    }).http;
    expect(http).toEqual({
      corsOrigins: ['https://dondoc.example.gov.vn', 'http://localhost:5173'],
      bodyLimitBytes: 512 * 1024,
      rateLimitPerMinute: 0,
      rateLimitStore: 'memory',
    });
    expect(loadApiSettings({ DONDOC_BODY_LIMIT: '2048' }).http.bodyLimitBytes).toBe(2048);
  });

  it('name each bad value with an example of a good one', () => {
    const problems = problemsOf(() =>
      loadApiSettings({
        DONDOC_CORS_ORIGINS: 'dondoc.example.gov.vn,https://a.vn/app',
        DONDOC_BODY_LIMIT: '10 megabytes',
        DONDOC_RATE_LIMIT: '-5',
      }),
    );
    expect(problems).toEqual([
      'DONDOC_CORS_ORIGINS: "dondoc.example.gov.vn" is not an origin; write scheme, host and port only, e.g. https://dondoc.example.gov.vn,http://localhost:5173 (or * for any)',
      'DONDOC_CORS_ORIGINS: "https://a.vn/app" is not an origin; write scheme, host and port only, e.g. https://dondoc.example.gov.vn,http://localhost:5173 (or * for any)',
      'DONDOC_BODY_LIMIT=10 megabytes must be a size from 1kb to 100mb, such as 512kb or 10mb',
      'DONDOC_RATE_LIMIT=-5 must be a whole number from 0 to 1000000',
    ]);
    expect(problemsOf(() => loadApiSettings({ DONDOC_BODY_LIMIT: '1gb' }))).toEqual([
      'DONDOC_BODY_LIMIT=1gb must be a size from 1kb to 100mb, such as 512kb or 10mb',
    ]);
    expect(problemsOf(() => loadApiSettings({ DONDOC_CORS_ORIGINS: '*,https://a.vn' }))).toEqual([
      'DONDOC_CORS_ORIGINS: * already allows every origin; list origins or write * alone',
    ]);
  });
});
