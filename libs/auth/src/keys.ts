/**
 * Key material from files: the public key the API verifies local tokens with, the private key
 * `npm run token` signs them with, and the one-time creation of that pair under `.data/keys/`.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { ConfigError, type AuthSettings } from '@dondoc/config';
import { createTokenVerifier, remoteKeySet, type TokenVerifier, type VerificationKeys } from './token-verifier';

/** The JWS algorithm that fits a key: ES256 for P-256, RS256 for RSA, EdDSA for Ed25519. */
export function algorithmFor(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'prime256v1') return 'ES256';
      if (curve === 'secp384r1') return 'ES384';
      if (curve === 'secp521r1') return 'ES512';
      throw new Error(`EC curve ${String(curve)} is not usable for JWTs (use P-256)`);
    }
    case 'rsa':
      return 'RS256';
    case 'ed25519':
      return 'EdDSA';
    default:
      throw new Error(`a ${String(key.asymmetricKeyType)} key is not usable for JWTs (use EC P-256, RSA or Ed25519)`);
  }
}

/**
 * The local verification key: a PEM public key, or a JWK / JWK set in JSON.
 * @throws ConfigError naming the setting and how to create the file.
 */
export function readVerificationKeys(file: string): VerificationKeys {
  const text = readKeyFile(file, 'DONDOC_JWT_PUBLIC_KEY_FILE');
  try {
    if (text.trimStart().startsWith('{')) {
      const json = JSON.parse(text) as Record<string, unknown>;
      const set = (Array.isArray(json['keys']) ? json : { keys: [json] }) as unknown as JSONWebKeySet;
      return {
        kind: 'key-set',
        getKey: createLocalJWKSet(set),
        algorithms: ['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'EdDSA'],
      };
    }
    const key = createPublicKey(text);
    return { kind: 'key', key, algorithms: [algorithmFor(key)] };
  } catch (error) {
    throw new ConfigError([
      `DONDOC_JWT_PUBLIC_KEY_FILE=${file} is not a public key (PEM, JWK or JWK set): ${describe(error)}`,
    ]);
  }
}

/** The local signing key (PEM, PKCS#8). @throws ConfigError when it is missing or not a private key. */
export function readSigningKey(file: string): { key: KeyObject; algorithm: string } {
  const text = readKeyFile(file, 'DONDOC_JWT_PRIVATE_KEY_FILE');
  try {
    const key = createPrivateKey(text);
    return { key, algorithm: algorithmFor(key) };
  } catch (error) {
    throw new ConfigError([`DONDOC_JWT_PRIVATE_KEY_FILE=${file} is not a private key in PEM: ${describe(error)}`]);
  }
}

/**
 * Creates the local key pair (EC P-256) unless it exists; never overwrites one half of a pair,
 * since tokens already handed out would stop verifying. The private key is readable by its owner only.
 * @returns whether the pair was created now.
 */
export function ensureLocalKeyPair(settings: Pick<AuthSettings, 'publicKeyFile' | 'privateKeyFile'>): boolean {
  const havePublic = existsSync(settings.publicKeyFile);
  const havePrivate = existsSync(settings.privateKeyFile);
  if (havePublic && havePrivate) return false;
  if (havePublic || havePrivate) {
    const [present, absent] = havePublic
      ? [settings.publicKeyFile, settings.privateKeyFile]
      : [settings.privateKeyFile, settings.publicKeyFile];
    throw new ConfigError([
      `${present} exists but ${absent} does not; remove ${present} to create a new pair (tokens signed with the old key stop working)`,
    ]);
  }
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  for (const file of [settings.publicKeyFile, settings.privateKeyFile])
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(settings.privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
    flag: 'wx',
  });
  chmodSync(settings.privateKeyFile, 0o600);
  writeFileSync(settings.publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
  return true;
}

/** The verifier the settings describe: the local public key, or the provider's JWKS. */
export function createTokenVerifierFromSettings(settings: AuthSettings): TokenVerifier {
  const keys =
    settings.mode === 'local' ? readVerificationKeys(settings.publicKeyFile) : remoteKeySet(settings.jwksUrl ?? '');
  return createTokenVerifier({
    issuer: settings.issuer,
    audience: settings.audience,
    keys,
    unitClaim: settings.unitClaim,
    rolesClaim: settings.rolesClaim,
    nameClaim: settings.nameClaim,
    emailClaim: settings.emailClaim,
    clockToleranceSeconds: settings.clockToleranceSeconds,
  });
}

function readKeyFile(file: string, setting: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const hint =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist; run `npm run keys` to create the local key pair'
        : `cannot be read (${describe(error)})`;
    throw new ConfigError([`${setting}=${file} ${hint}`]);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
