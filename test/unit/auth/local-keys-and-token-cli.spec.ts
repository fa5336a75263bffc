import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadAuthSettings } from '@dondoc/config';
import { createTokenVerifierFromSettings, ensureLocalKeyPair, readVerificationKeys } from '@dondoc/auth';
import { createLocalToken, parseTokenArgs, runTokenCli, TokenArgumentError } from '../../../libs/auth/src/token-cli';

describe('the local key pair', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dondoc-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const files = (): { publicKeyFile: string; privateKeyFile: string } => ({
    publicKeyFile: path.join(dir, 'keys/jwt-public.pem'),
    privateKeyFile: path.join(dir, 'keys/jwt-private.pem'),
  });

  it('is created once, private key readable by its owner only, and kept on later runs', () => {
    expect(ensureLocalKeyPair(files())).toBe(true);
    const first = readFileSync(files().privateKeyFile, 'utf8');
    expect(first).toContain('BEGIN PRIVATE KEY');
    expect(statSync(files().privateKeyFile).mode & 0o777).toBe(0o600);
    expect(ensureLocalKeyPair(files())).toBe(false);
    expect(readFileSync(files().privateKeyFile, 'utf8')).toBe(first);
  });

  it('is never half-replaced: one file without the other is an error naming both', () => {
    ensureLocalKeyPair(files());
    rmSync(files().publicKeyFile);
    expect(() => ensureLocalKeyPair(files())).toThrow(/jwt-private\.pem exists but .*jwt-public\.pem does not/);
  });

  it('says how to create the public key when it is missing', () => {
    expect(() => readVerificationKeys(files().publicKeyFile)).toThrow(ConfigError);
    expect(() => readVerificationKeys(files().publicKeyFile)).toThrow(
      /DONDOC_JWT_PUBLIC_KEY_FILE=.* does not exist; run `npm run keys`/,
    );
  });

  it('reads a public key given as a JWK', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const file = path.join(dir, 'key.json');
    writeFileSync(file, JSON.stringify({ ...(await exportJWK(publicKey)), alg: 'ES256' }));
    expect(readVerificationKeys(file).kind).toBe('key-set');
    writeFileSync(file, 'not a key');
    expect(() => readVerificationKeys(file)).toThrow(/is not a public key/);
  });
});

describe('npm run token', () => {
  it('reads unit, roles (repeated or comma-separated), person and lifetime', () => {
    expect(
      parseTokenArgs([
        '--unit',
        'bac-kan-city/ubnd',
        '--role',
        'officer,clerk',
        '--role=admin',
        '--sub',
        'nguyen.van.a',
        '--ttl',
        'P1D',
      ]),
    ).toEqual({
      unitId: 'bac-kan-city/ubnd',
      roles: ['officer', 'clerk', 'admin'],
      sub: 'nguyen.van.a',
      ttlSeconds: 86_400,
    });
  });

  it('defaults to eight hours and a person named after the role and unit', () => {
    expect(parseTokenArgs(['--unit', 'u-1', '--role', 'supervisor'])).toEqual({
      unitId: 'u-1',
      roles: ['supervisor'],
      sub: 'supervisor@u-1',
      ttlSeconds: 8 * 3600,
    });
  });

  it('lists every problem with the arguments at once, with the usage', () => {
    const attempt = (): unknown => parseTokenArgs(['--role', 'boss', '--ttl', '8h', '--colour', 'red']);
    expect(attempt).toThrow(TokenArgumentError);
    expect(attempt).toThrow(/unknown argument "--colour"/);
    expect(attempt).toThrow(/--unit is required/);
    expect(attempt).toThrow(/--role boss is not a role; roles are officer, clerk, supervisor, admin/);
    expect(attempt).toThrow(/--ttl 8h must be an ISO-8601 duration/);
    expect(attempt).toThrow(/usage: npm run token/);
    expect(() => parseTokenArgs(['--unit', '--role', 'officer'])).toThrow(/--unit needs a value/);
    expect(() => parseTokenArgs(['--unit', 'u', '--role', 'officer', '--ttl', 'P90D'])).toThrow(
      /from one minute \(PT1M\) to 31 days/,
    );
  });

  it('prints a token the API’s verifier accepts, creating the key pair the first time', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dondoc-token-'));
    try {
      const env = {
        DONDOC_JWT_PUBLIC_KEY_FILE: path.join(dir, 'pub.pem'),
        DONDOC_JWT_PRIVATE_KEY_FILE: path.join(dir, 'priv.pem'),
      };
      const out: string[] = [];
      const err: string[] = [];
      const code = await runTokenCli(
        ['--unit', 'kon-tum/ngoc-hoi', '--role', 'clerk', '--sub', 'clerk-9'],
        { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
        env,
      );
      expect(code).toBe(0);
      expect(err.join('')).toMatch(/created the local key pair/);
      const principal = await createTokenVerifierFromSettings(loadAuthSettings(env)).verify(out.join('').trim());
      expect(principal).toEqual({ sub: 'clerk-9', unitId: 'kon-tum/ngoc-hoi', roles: ['clerk'] });

      const again: string[] = [];
      expect(
        await runTokenCli(
          ['--unit', 'u', '--role', 'admin'],
          { stdout: () => undefined, stderr: (t) => again.push(t) },
          env,
        ),
      ).toBe(0);
      expect(again).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with the reason on bad arguments, and refuses to sign in oidc mode', async () => {
    const err: string[] = [];
    expect(await runTokenCli(['--unit', 'u'], { stdout: () => undefined, stderr: (t) => err.push(t) }, {})).toBe(2);
    expect(err.join('')).toMatch(/^token: --role is required/);
    const oidcErr: string[] = [];
    expect(
      await runTokenCli(
        ['--unit', 'u', '--role', 'admin'],
        { stdout: () => undefined, stderr: (t) => oidcErr.push(t) },
        { DONDOC_AUTH_MODE: 'oidc' },
      ),
    ).toBe(2);
    expect(oidcErr.join('')).toMatch(/^token: DONDOC_AUTH_MODE=oidc: tokens come from your identity provider/);
    const oidc = loadAuthSettings({
      DONDOC_AUTH_MODE: 'oidc',
      DONDOC_JWT_ISSUER: 'https://id.example.gov.vn/realms/dondoc',
      DONDOC_JWT_AUDIENCE: 'dondoc',
      DONDOC_OIDC_JWKS_URL: 'https://id.example.gov.vn/realms/dondoc/protocol/openid-connect/certs',
    });
    await expect(createLocalToken({ unitId: 'u', roles: ['admin'], sub: 's', ttlSeconds: 60 }, oidc)).rejects.toThrow(
      /tokens come from your identity provider/,
    );
  });
});
