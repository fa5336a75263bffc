import { ConfigError, loadApiSettings } from '@dondoc/config';

const OIDC = {
  DONDOC_AUTH_MODE: 'oidc',
  DONDOC_JWT_ISSUER: 'https://id.example.gov.vn/realms/dondoc',
  DONDOC_JWT_AUDIENCE: 'dondoc-api',
  DONDOC_OIDC_JWKS_URL: 'https://id.example.gov.vn/realms/dondoc/protocol/openid-connect/certs',
};

describe("the console's sign-in settings", () => {
  it('offer no development sign-in unless DONDOC_DEV_SIGN_IN=true', () => {
    expect(loadApiSettings({}).console).toEqual({ devSignIn: false, oidcClientId: null, oidcScope: 'openid profile' });
    expect(loadApiSettings({ DONDOC_DEV_SIGN_IN: 'true' }).console.devSignIn).toBe(true);
  });

  it('refuse the development sign-in with an identity provider, saying why', () => {
    expect(() => loadApiSettings({ ...OIDC, DONDOC_DEV_SIGN_IN: 'true' })).toThrow(ConfigError);
    expect(() => loadApiSettings({ ...OIDC, DONDOC_DEV_SIGN_IN: 'true' })).toThrow(
      'DONDOC_DEV_SIGN_IN=true works only with DONDOC_AUTH_MODE=local',
    );
  });

  it("read the console's client at the provider in oidc mode", () => {
    const settings = loadApiSettings({ ...OIDC, DONDOC_OIDC_CLIENT_ID: 'dondoc-console', DONDOC_OIDC_SCOPE: 'openid' });
    expect(settings.console).toEqual({ devSignIn: false, oidcClientId: 'dondoc-console', oidcScope: 'openid' });
  });

  it('refuse a DONDOC_DEV_SIGN_IN that is not true or false', () => {
    expect(() => loadApiSettings({ DONDOC_DEV_SIGN_IN: 'yes' })).toThrow(
      'DONDOC_DEV_SIGN_IN=yes must be one of true, false',
    );
  });
});
