// A real OpenID Connect provider for the console's sign-in test: panva's oidc-provider over https
// with the certificate the test made. oidc-provider is ESM only, which jest's CommonJS runtime
// cannot load, so it runs as its own process (test/integration/console/support/oidc-provider.ts
// starts it) and says `listening` on stdout once it answers.
//
// Environment: OIDC_PORT, OIDC_CERT_FILE, OIDC_KEY_FILE (PEM), OIDC_CONSOLE_ORIGIN (where the
// console is served), OIDC_CONSOLE_TOKEN_TTL (seconds an access token of the console lasts),
// OIDC_PEOPLE (JSON: sub -> { unitId, roles, refreshTokens? }), OIDC_TEST_CLIENT_SECRET.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import Provider from 'oidc-provider';

const env = (name) => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`oidc-test-provider: ${name} is not set`);
  return value;
};

const port = Number(env('OIDC_PORT'));
const issuer = `https://127.0.0.1:${port}`;
const consoleOrigin = env('OIDC_CONSOLE_ORIGIN');
const consoleTokenTtl = Number(env('OIDC_CONSOLE_TOKEN_TTL'));
/** @type {Record<string, { unitId: string; roles: string[]; refreshTokens?: boolean }>} */
const people = JSON.parse(env('OIDC_PEOPLE'));

/** The resource indicator of the Dondoc API; every access token is a JWT for it. */
const DONDOC_API = 'urn:dondoc:api';
const signingKey = { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) };

const provider = new Provider(issuer, {
  clients: [
    {
      // The console: a public client (no secret in a browser), Authorization Code with PKCE.
      client_id: 'dondoc-console',
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${consoleOrigin}/sign-in/callback`, `${consoleOrigin}/sign-in/silent`],
      post_logout_redirect_uris: [`${consoleOrigin}/sign-in`],
    },
    {
      // The test's own requests (making the organisation, issuing the directive): a confidential
      // client whose token carries the unit and roles it asks for. A real provider has no such client.
      client_id: 'dondoc-it',
      client_secret: env('OIDC_TEST_CLIENT_SECRET'),
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ],
  // The only key is P-256, so every token (ID tokens too) is ES256.
  clientDefaults: { id_token_signed_response_alg: 'ES256' },
  jwks: { keys: [{ ...signingKey, alg: 'ES256', use: 'sig', kid: 'it-1' }] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  scopes: ['openid', 'profile', 'offline_access'],
  claims: { openid: ['sub'], profile: ['name'] },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => DONDOC_API,
      // The refresh grant keeps issuing tokens for the API, not for the provider's userinfo.
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource, client) => {
        if (resource !== DONDOC_API) throw new Provider.errors.InvalidTarget();
        return {
          scope: 'openid profile',
          audience: 'dondoc-api',
          accessTokenFormat: 'jwt',
          accessTokenTTL: client.clientId === 'dondoc-console' ? consoleTokenTtl : 3_600,
          jwt: { sign: { alg: 'ES256' } },
        };
      },
    },
  },
  // The console calls the token endpoint from its own origin: allowed for the origin of a public
  // client's redirect URIs (what a provider's "web origins" setting says).
  clientBasedCORS: (_ctx, origin, client) =>
    client.clientAuthMethod === 'none' && client.redirectUris.some((uri) => new URL(uri).origin === origin),
  // Rotating refresh tokens for the public console, which its silent renewal then uses; a person
  // listed with `refreshTokens: false` gets none, so the console renews in its hidden frame
  // (prompt=none on the provider's session cookie, SameSite=None by default).
  issueRefreshToken: (_ctx, client, code) =>
    client.grantTypeAllowed('refresh_token') && people[code.accountId]?.refreshTokens !== false,
  async extraTokenClaims(ctx, token) {
    if (token.kind === 'ClientCredentials') {
      // The token request's own form fields (not OAuth parameters, so read from the body).
      const { dondoc_unit: unitId, dondoc_roles: roles } = ctx.oidc.body ?? {};
      return { dondoc_unit: unitId, dondoc_roles: typeof roles === 'string' ? roles.split(' ') : [] };
    }
    const person = token.accountId === undefined ? undefined : people[token.accountId];
    return person === undefined ? undefined : { dondoc_unit: person.unitId, dondoc_roles: person.roles };
  },
  async findAccount(_ctx, sub) {
    return { accountId: sub, claims: () => ({ sub, name: sub }) };
  },
  ttl: { Session: 3_600, Interaction: 600, Grant: 3_600, IdToken: 3_600, RefreshToken: 3_600, AuthorizationCode: 60 },
});
provider.proxy = false;

const server = createServer(
  { cert: readFileSync(env('OIDC_CERT_FILE')), key: readFileSync(env('OIDC_KEY_FILE')) },
  provider.callback(),
);
server.listen(port, '127.0.0.1', () => console.log(`listening on ${issuer}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close(() => process.exit(0)));
