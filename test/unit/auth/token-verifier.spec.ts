import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT, UnsecuredJWT } from 'jose';
import {
  AuthUnavailableError,
  BadSignatureError,
  bearerToken,
  createTokenVerifier,
  ExpiredTokenError,
  issueToken,
  MalformedClaimsError,
  MalformedTokenError,
  MissingTokenError,
  NotYetValidTokenError,
  remoteKeySet,
  WrongAudienceError,
  WrongIssuerError,
  type IssueTokenOptions,
  type TokenVerifier,
} from '@dondoc/auth';

const NOW = new Date('2026-11-22T03:00:00Z');
const ISSUER = 'dondoc-test';
const AUDIENCE = 'dondoc-api';
const CLAIMS = { unitClaim: 'dondoc_unit', rolesClaim: 'dondoc_roles' };

function ecPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

const trusted = ecPair();
const stranger = ecPair();

function localVerifier(now = NOW): TokenVerifier {
  return createTokenVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: { kind: 'key', key: trusted.publicKey, algorithms: ['ES256'] },
    clockToleranceSeconds: 30,
    now: () => now,
    ...CLAIMS,
  });
}

function token(overrides: Partial<IssueTokenOptions> = {}): Promise<string> {
  return issueToken({
    key: trusted.privateKey,
    algorithm: 'ES256',
    issuer: ISSUER,
    audience: AUDIENCE,
    sub: 'officer-1',
    unitId: 'bac-kan-city/ubnd',
    roles: ['officer'],
    ttlSeconds: 3600,
    now: NOW,
    ...CLAIMS,
    ...overrides,
  });
}

/** A token with an arbitrary payload, signed by the trusted key unless told otherwise. */
function signed(payload: Record<string, unknown>, key: KeyObject = trusted.privateKey, alg = 'ES256'): Promise<string> {
  const iat = Math.floor(NOW.getTime() / 1000);
  return new SignJWT({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'p-1',
    iat,
    exp: iat + 600,
    dondoc_unit: 'u-1',
    dondoc_roles: ['clerk'],
    ...payload,
  })
    .setProtectedHeader({ alg })
    .sign(key);
}

describe('token verification with the local key', () => {
  it('turns a valid token into the principal it names', async () => {
    await expect(localVerifier().verify(await token({ roles: ['clerk', 'supervisor'] }))).resolves.toEqual({
      sub: 'officer-1',
      unitId: 'bac-kan-city/ubnd',
      roles: ['clerk', 'supervisor'],
    });
  });

  it('refuses a token past its expiry beyond the clock tolerance, and accepts one within it', async () => {
    const t = await token({ ttlSeconds: 60 });
    await expect(localVerifier(new Date(NOW.getTime() + 60_000 + 31_000)).verify(t)).rejects.toBeInstanceOf(
      ExpiredTokenError,
    );
    await expect(localVerifier(new Date(NOW.getTime() + 60_000 + 29_000)).verify(t)).resolves.toMatchObject({
      sub: 'officer-1',
    });
  });

  it('refuses a token that is not valid yet', async () => {
    const t = await signed({ nbf: Math.floor(NOW.getTime() / 1000) + 300 });
    await expect(localVerifier().verify(t)).rejects.toBeInstanceOf(NotYetValidTokenError);
  });

  it('refuses a token for another audience or from another issuer', async () => {
    await expect(localVerifier().verify(await token({ audience: 'another-app' }))).rejects.toBeInstanceOf(
      WrongAudienceError,
    );
    await expect(localVerifier().verify(await token({ issuer: 'someone-else' }))).rejects.toBeInstanceOf(
      WrongIssuerError,
    );
  });

  it('refuses a token signed with a key it does not trust (a forgery)', async () => {
    await expect(localVerifier().verify(await token({ key: stranger.privateKey }))).rejects.toBeInstanceOf(
      BadSignatureError,
    );
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await token()).split('.');
    const payload = Buffer.from(
      JSON.stringify({
        iss: ISSUER,
        aud: AUDIENCE,
        sub: 'admin-x',
        exp: 9e9,
        dondoc_unit: 'u',
        dondoc_roles: ['admin'],
      }),
    ).toString('base64url');
    await expect(localVerifier().verify(`${header}.${payload}.${signature}`)).rejects.toBeInstanceOf(BadSignatureError);
  });

  it('refuses unsigned tokens, symmetric algorithms and garbage as malformed', async () => {
    const unsecured = new UnsecuredJWT({ dondoc_unit: 'u', dondoc_roles: ['admin'] })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('x')
      .setExpirationTime('1h')
      .encode();
    await expect(localVerifier().verify(unsecured)).rejects.toBeInstanceOf(MalformedTokenError);
    const secret = new TextEncoder().encode('a-shared-secret-that-must-not-work-here');
    const hsToken = await new SignJWT({ sub: 'x', dondoc_unit: 'u', dondoc_roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(secret);
    await expect(localVerifier().verify(hsToken)).rejects.toBeInstanceOf(MalformedTokenError);
    await expect(localVerifier().verify('not-a-jwt')).rejects.toBeInstanceOf(MalformedTokenError);
    await expect(localVerifier().verify('')).rejects.toBeInstanceOf(MissingTokenError);
  });

  it('requires exp', async () => {
    const iat = Math.floor(NOW.getTime() / 1000);
    const t = await new SignJWT({
      sub: 'p',
      iss: ISSUER,
      aud: AUDIENCE,
      iat,
      dondoc_unit: 'u',
      dondoc_roles: ['officer'],
    })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(trusted.privateKey);
    await expect(localVerifier().verify(t)).rejects.toMatchObject({ code: 'TOKEN_BAD_CLAIMS', claim: 'exp' });
  });

  it('names the claim when the unit or the roles are missing or unusable', async () => {
    await expect(localVerifier().verify(await signed({ dondoc_unit: undefined }))).rejects.toMatchObject({
      claim: 'dondoc_unit',
    });
    await expect(localVerifier().verify(await signed({ dondoc_roles: undefined }))).rejects.toMatchObject({
      claim: 'dondoc_roles',
    });
    await expect(localVerifier().verify(await signed({ dondoc_roles: ['viewer', 'owner'] }))).rejects.toBeInstanceOf(
      MalformedClaimsError,
    );
    await expect(localVerifier().verify(await signed({ sub: '' }))).rejects.toMatchObject({ claim: 'sub' });
  });

  it('reads roles given as a string and ignores roles that are not Dondoc’s', async () => {
    await expect(localVerifier().verify(await signed({ dondoc_roles: 'officer clerk,viewer' }))).resolves.toMatchObject(
      { roles: ['officer', 'clerk'] },
    );
    await expect(
      localVerifier().verify(await signed({ dondoc_roles: ['offline_access', 'admin', 'admin'] })),
    ).resolves.toMatchObject({ roles: ['admin'] });
  });

  it('reads configured claim names, including a dotted path into a nested claim', async () => {
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: { kind: 'key', key: trusted.publicKey, algorithms: ['ES256'] },
      clockToleranceSeconds: 0,
      now: () => NOW,
      unitClaim: 'https://dondoc.gov.vn/unit',
      rolesClaim: 'realm_access.roles',
    });
    const t = await signed({
      'https://dondoc.gov.vn/unit': 'kon-tum/ngoc-hoi',
      realm_access: { roles: ['supervisor'] },
    });
    await expect(verifier.verify(t)).resolves.toEqual({
      sub: 'p-1',
      unitId: 'kon-tum/ngoc-hoi',
      roles: ['supervisor'],
    });
  });
});

describe('token verification with an identity provider’s key set', () => {
  const providerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let server: Server;
  let jwksUrl: string;
  let served = 0;

  beforeAll(async () => {
    const jwk = { ...(await exportJWK(providerKeys.publicKey)), kid: 'provider-key-1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      served += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function providerVerifier(url: string): TokenVerifier {
    return createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: remoteKeySet(url, 2_000),
      clockToleranceSeconds: 30,
      now: () => NOW,
      ...CLAIMS,
    });
  }

  function providerToken(kid: string, key: KeyObject = providerKeys.privateKey): Promise<string> {
    const iat = Math.floor(NOW.getTime() / 1000);
    return new SignJWT({ dondoc_unit: 'lam-dong/ubnd', dondoc_roles: ['clerk'] })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('clerk-7')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(key);
  }

  it('verifies a token with the key the provider publishes, fetching the set once', async () => {
    const verifier = providerVerifier(jwksUrl);
    const before = served;
    await expect(verifier.verify(await providerToken('provider-key-1'))).resolves.toEqual({
      sub: 'clerk-7',
      unitId: 'lam-dong/ubnd',
      roles: ['clerk'],
    });
    await expect(verifier.verify(await providerToken('provider-key-1'))).resolves.toMatchObject({ sub: 'clerk-7' });
    expect(served - before).toBe(1);
  });

  it('refuses a token whose key id the provider does not publish, or whose signature does not match', async () => {
    const verifier = providerVerifier(jwksUrl);
    await expect(verifier.verify(await providerToken('unknown-key'))).rejects.toBeInstanceOf(BadSignatureError);
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expect(verifier.verify(await providerToken('provider-key-1', forger.privateKey))).rejects.toBeInstanceOf(
      BadSignatureError,
    );
  });

  it('answers "unavailable" (not "bad token") when the provider cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(
      providerVerifier(`http://127.0.0.1:${port}/jwks`).verify(await providerToken('provider-key-1')),
    ).rejects.toBeInstanceOf(AuthUnavailableError);
  });
});

describe('reading the bearer token from the Authorization header', () => {
  it('takes the token after "Bearer", whatever the case of the scheme', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken(['Bearer one', 'Bearer two'])).toBe('one');
  });

  it('treats no header, another scheme or an empty token as missing', () => {
    expect(() => bearerToken(undefined)).toThrow(MissingTokenError);
    expect(() => bearerToken('Basic dXNlcjpwYXNz')).toThrow(MissingTokenError);
    expect(() => bearerToken('Bearer ')).toThrow(MissingTokenError);
    expect(() => bearerToken('Bearer a b')).toThrow(MissingTokenError);
  });
});
