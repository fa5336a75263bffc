import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { ConsoleSettingsView } from '../api/types';

/**
 * Authorization Code with PKCE against the organisation's provider, by oidc-client-ts. Tokens
 * stay in memory (a page reload asks to sign in again; the provider's session sends the person
 * straight back) and are renewed before they expire: with the refresh token when the provider
 * gave one, else through a hidden frame (`/sign-in/silent`). Loaded only in oidc mode.
 */
export function createUserManager(oidc: NonNullable<ConsoleSettingsView['oidc']>): UserManager {
  const origin = window.location.origin;
  return new UserManager({
    authority: oidc.authority,
    client_id: oidc.clientId,
    scope: oidc.scope,
    redirect_uri: `${origin}/sign-in/callback`,
    silent_redirect_uri: `${origin}/sign-in/silent`,
    post_logout_redirect_uri: `${origin}/sign-in`,
    response_type: 'code',
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  });
}
