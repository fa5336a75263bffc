import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { ConsoleSettingsView } from '../api/types';

/**
 * Authorization Code with PKCE against the organisation's provider, by oidc-client-ts. Tokens
 * stay in memory (a page reload signs in again, silently while the provider's session lasts) and
 * are renewed before they expire through a hidden frame (silent renewal). Loaded only in oidc mode.
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
