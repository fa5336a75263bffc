import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { UserManager } from 'oidc-client-ts';
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
  const [manager, setManager] = useState<UserManager | null>(null);

  useEffect(() => {
    if (settings.oidc === null) return;
    let cancelled = false;
    void import('./oidc').then(({ createUserManager }) => {
      if (cancelled || settings.oidc === null) return;
      const created = createUserManager(settings.oidc);
      created.events.addUserLoaded((user) => setToken(user.access_token));
      created.events.addUserUnloaded(() => setToken(null));
      setManager(created);
    });
    return () => {
      cancelled = true;
    };
  }, [settings.oidc, setToken]);

  const signOut = useCallback(() => {
    window.sessionStorage.removeItem(DEV_TOKEN_KEY);
    forgetValidatedAnswers();
    setToken(null);
    void manager?.removeUser();
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
        await manager?.signinRedirect();
      },
      completeProviderSignIn: async () => {
        const user = await manager?.signinRedirectCallback();
        if (user !== undefined) setToken(user.access_token);
      },
      signOut,
    }),
    [settings, token, manager, signOut, setToken],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
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
