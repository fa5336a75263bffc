import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { User, UserManager } from 'oidc-client-ts';
import { ApiError } from '../api/api-error';
import { forgetValidatedAnswers, onSessionRefused, setSessionToken } from '../api/client';
import type { ConsoleSettingsView } from '../api/types';
import { principalOf, type Principal } from './principal';

/** The development token survives a reload in this tab only; never used in oidc mode. */
const DEV_TOKEN_KEY = 'dondoc.devToken';

/** What every screen knows about the session. */
export interface Session {
  settings: ConsoleSettingsView;
  principal: Principal | null;
  /** Development sign-in: keeps the token the API issued. */
  signInWithDevToken(token: string): void;
  /** Oidc mode: sends the person to the provider. */
  signInWithProvider(): Promise<void>;
  /** Oidc mode: finishes the provider's redirect back. */
  completeProviderSignIn(): Promise<void>;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

/** The session of the screens below: who is signed in and how. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in person, on screens that are only reached signed in. */
export function usePrincipal(): Principal {
  const { principal } = useSession();
  if (principal === null) throw new Error('usePrincipal before sign-in');
  return principal;
}

/** Holds the token (in memory; the dev token also in this tab's sessionStorage) and hands it to the API client. */
export function SessionProvider({ settings, children }: { settings: ConsoleSettingsView; children: ReactNode }) {
  const [token, setTokenState] = useState<string | null>(() => {
    const restored = restoredDevToken(settings);
    // Before the first render: the screens' first requests already carry it.
    setSessionToken(restored);
    return restored;
  });
  const setToken = useCallback((next: string | null) => {
    setSessionToken(next);
    setTokenState(next);
  }, []);
  // Loaded once per settings, and awaited by whoever needs it: the provider's redirect back can
  // arrive before the chunk has loaded, and must not be taken for "not signed in".
  const manager = useMemo<Promise<UserManager> | null>(() => {
    const oidc = settings.oidc;
    return oidc === null ? null : import('./oidc').then(({ createUserManager }) => createUserManager(oidc));
  }, [settings.oidc]);

  useEffect(() => {
    if (manager === null) return;
    let cancelled = false;
    const onLoaded = (user: User): void => setToken(user.access_token);
    const onUnloaded = (): void => setToken(null);
    void manager.then((created) => {
      if (cancelled) return;
      created.events.addUserLoaded(onLoaded);
      created.events.addUserUnloaded(onUnloaded);
    });
    return () => {
      cancelled = true;
      void manager.then((created) => {
        created.events.removeUserLoaded(onLoaded);
        created.events.removeUserUnloaded(onUnloaded);
      });
    };
  }, [manager, setToken]);

  const signOut = useCallback(() => {
    window.sessionStorage.removeItem(DEV_TOKEN_KEY);
    forgetValidatedAnswers();
    setToken(null);
    void manager?.then((created) => created.removeUser());
  }, [manager, setToken]);

  useEffect(() => onSessionRefused(signOut), [signOut]);

  const session = useMemo<Session>(
    () => ({
      settings,
      principal: token === null ? null : principalOf(token, settings),
      signInWithDevToken: (issued) => {
        window.sessionStorage.setItem(DEV_TOKEN_KEY, issued);
        setToken(issued);
      },
      signInWithProvider: async () => {
        await (await manager)?.signinRedirect();
      },
      completeProviderSignIn: async () => {
        if (manager === null) throw new Error('no identity provider is configured');
        const user = await redirectCallbackOnce(await manager);
        setToken(user.access_token);
      },
      signOut,
    }),
    [settings, token, manager, signOut, setToken],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The provider's answer in this page's address, exchanged once (its code and state are single-use). */
let redirectCallback: { url: string; user: Promise<User> } | null = null;

/**
 * Finishes the code exchange once per redirect: React's development double effects, or a second
 * render of the callback page, would otherwise spend the single-use state twice and fail.
 */
function redirectCallbackOnce(manager: UserManager): Promise<User> {
  const url = window.location.href;
  if (redirectCallback?.url !== url) redirectCallback = { url, user: manager.signinRedirectCallback(url) };
  return redirectCallback.user;
}

/** The development token kept in this tab by an earlier sign-in (development sign-in only), or null. */
export function restoredDevToken(settings: Pick<ConsoleSettingsView, 'devSignIn'>): string | null {
  return settings.devSignIn ? window.sessionStorage.getItem(DEV_TOKEN_KEY) : null;
}

/**
 * The console's settings, read before anything else (no token needed). index.html preloads this
 * very GET while the script loads, and the browser hands that answer over only to a request made
 * as the preload was: a plain fetch, without the API client's headers and cache mode (bench/console:
 * the list waited on this round trip, after the script).
 */
export async function loadConsoleSettings(): Promise<ConsoleSettingsView> {
  const response = await fetch('/api/v1/console/settings');
  if (!response.ok) throw new ApiError(response.status, null);
  return (await response.json()) as ConsoleSettingsView;
}
