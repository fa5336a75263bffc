import type { EnvReader } from './env';
import type { AuthMode } from './security';

/** What the web console needs to know to sign people in; served to it by `GET /console/settings`. */
export interface ConsoleSettings {
  /**
   * `DONDOC_DEV_SIGN_IN=true` (set by `npm start`): the development sign-in endpoint exists and
   * the console offers its page. Only in `local` mode, where tokens are ours to sign anyway.
   */
  devSignIn: boolean;
  /** The console's client id at the identity provider (oidc mode); null when not configured. */
  oidcClientId: string | null;
  /** The scopes the console asks the provider for (oidc mode). */
  oidcScope: string;
}

/** Reads DONDOC_DEV_SIGN_IN, DONDOC_OIDC_CLIENT_ID and DONDOC_OIDC_SCOPE for the console. */
export function readConsoleSettings(reader: EnvReader, mode: AuthMode): ConsoleSettings {
  const devSignIn = reader.oneOf('DONDOC_DEV_SIGN_IN', 'false', ['true', 'false'] as const) === 'true';
  if (devSignIn && mode !== 'local') {
    reader.problems.push(
      'DONDOC_DEV_SIGN_IN=true works only with DONDOC_AUTH_MODE=local: with an identity provider, people sign in there',
    );
  }
  const clientId = reader.string('DONDOC_OIDC_CLIENT_ID', '');
  return {
    devSignIn: devSignIn && mode === 'local',
    oidcClientId: clientId === '' ? null : clientId,
    oidcScope: reader.string('DONDOC_OIDC_SCOPE', 'openid profile'),
  };
}
