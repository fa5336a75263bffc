/**
 * A real OpenID Connect provider for a test file (oidc-test-provider.mjs, panva's oidc-provider)
 * over https with a certificate made for the run by Debian's `openssl`, and what the API, the
 * browser and the test's own requests need to trust it. The API's port is known only once the
 * stack runs, so the provider is prepared first (certificate, port, the API's environment) and
 * started after the stack, with the console's origin for its redirect URIs.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';
import { freePort, pollUntil } from '../../support/stack';

const repoRoot = path.resolve(__dirname, '../../../..');
const providerScript = path.join(__dirname, 'oidc-test-provider.mjs');

/**
 * Who may sign in at the provider, the unit and roles its tokens give them, and whether the
 * console gets refresh tokens for them (default) or must renew in its hidden frame.
 */
export type ProviderPeople = Record<string, { unitId: string; roles: readonly string[]; refreshTokens?: boolean }>;

/** The audience the provider writes in the API's tokens, and the console's public client. */
export const API_AUDIENCE = 'dondoc-api';
export const CONSOLE_CLIENT_ID = 'dondoc-console';
const API_RESOURCE = 'urn:dondoc:api';

/** One provider for one test file: prepare before the stack starts, start after it. */
export class OidcTestProvider {
  private port = 0;
  private directory = '';
  private certFile = '';
  private keyFile = '';
  private child: ChildProcess | undefined;
  private output = '';
  private readonly testClientSecret = randomBytes(24).toString('base64url');

  constructor(private readonly options: { people: ProviderPeople; consoleTokenTtlSeconds: number }) {}

  /** `https://127.0.0.1:<port>`, the provider's issuer as its tokens say it. */
  get issuer(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** Makes the certificate, picks the port and writes the API's oidc settings into `env`. */
  async prepare(env: Record<string, string>): Promise<void> {
    this.port = await freePort();
    const directory = path.join(repoRoot, '.data', 'run', `oidc-provider-${process.pid}-${this.port}`);
    this.directory = directory;
    mkdirSync(directory, { recursive: true });
    this.certFile = path.join(directory, 'cert.pem');
    this.keyFile = path.join(directory, 'key.pem');
    // Self-signed for 127.0.0.1: the API trusts it through NODE_EXTRA_CA_CERTS, Chromium by its key.
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'],
        ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
        ...['-keyout', this.keyFile, '-out', this.certFile],
      ],
      { stdio: 'ignore' },
    );
    Object.assign(env, {
      DONDOC_AUTH_MODE: 'oidc',
      DONDOC_JWT_ISSUER: this.issuer,
      DONDOC_JWT_AUDIENCE: API_AUDIENCE,
      DONDOC_OIDC_JWKS_URL: `${this.issuer}/jwks`,
      DONDOC_OIDC_CLIENT_ID: CONSOLE_CLIENT_ID,
      NODE_EXTRA_CA_CERTS: this.certFile,
    });
  }

  /** Starts the provider for the console served at `consoleOrigin` and waits until it listens. */
  async start(consoleOrigin: string): Promise<void> {
    const child = spawn(process.execPath, [providerScript], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        OIDC_PORT: String(this.port),
        OIDC_CERT_FILE: this.certFile,
        OIDC_KEY_FILE: this.keyFile,
        OIDC_CONSOLE_ORIGIN: consoleOrigin,
        OIDC_CONSOLE_TOKEN_TTL: String(this.options.consoleTokenTtlSeconds),
        OIDC_PEOPLE: JSON.stringify(this.options.people),
        OIDC_TEST_CLIENT_SECRET: this.testClientSecret,
      },
    });
    this.child = child;
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-8_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await pollUntil(
      () => {
        if (child.exitCode !== null) throw new Error(`the provider exited (${child.exitCode}): ${this.output}`);
        return Promise.resolve(this.output.includes('listening on'));
      },
      (listening) => listening,
      { timeoutMs: 30_000, intervalMs: 100, description: 'the OIDC provider to listen' },
    );
  }

  /** Stops the provider (SIGTERM, then it exits by itself) and removes its certificate. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    }
    if (this.directory !== '') rmSync(this.directory, { recursive: true, force: true });
  }

  /** What the provider printed (warnings, errors), for a failure message. */
  get log(): string {
    return this.output;
  }

  /**
   * Chromium trusts this run's certificate by its public key only (not every bad certificate):
   * the base64 SHA-256 of its SubjectPublicKeyInfo.
   */
  chromiumArgs(): string[] {
    const key = new X509Certificate(readFileSync(this.certFile)).publicKey.export({ type: 'spki', format: 'der' });
    return [`--ignore-certificate-errors-spki-list=${createHash('sha256').update(key).digest('base64')}`];
  }

  /**
   * A token for the test's own requests (making the organisation, issuing directives): a
   * client-credentials grant of the provider's test client, for the unit and roles named. The
   * provider signs it like the console's, so the API checks it the same way.
   */
  async testClientToken(identity: { unitId: string; roles: readonly string[] }): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      resource: API_RESOURCE,
      dondoc_unit: identity.unitId,
      dondoc_roles: identity.roles.join(' '),
    }).toString();
    const answer = await this.post('/token', form, `dondoc-it:${this.testClientSecret}`);
    const token = (JSON.parse(answer) as { access_token?: unknown }).access_token;
    if (typeof token !== 'string') throw new Error(`the provider issued no token: ${answer}`);
    return token;
  }

  private post(route: string, form: string, basicAuth: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.issuer}${route}`,
        {
          method: 'POST',
          ca: readFileSync(this.certFile),
          auth: basicAuth,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          timeout: 10_000,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () =>
            res.statusCode === 200 ? resolve(body) : reject(new Error(`${route}: ${res.statusCode} ${body}`)),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${route}: no answer in 10 s`)));
      req.on('error', reject);
      req.end(form);
    });
  }
}
