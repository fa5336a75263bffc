import type { QueryClient } from '@tanstack/react-query';
import { setSessionToken } from './api/client';
import type { ConsoleSettingsView } from './api/types';
import { principalOf } from './auth/principal';
import { restoredDevToken } from './auth/session';
import { DEFAULT_FILTERS } from './officer/inbox-filters';
import { inboxQuery } from './officer/inbox-query';

/** The officer's inbox, the screen most loads land on; its code is its own chunk (app.tsx). */
function loadInboxPage(): Promise<unknown> {
  return import('./officer/inbox-page');
}

/**
 * Starts what the first screen needs before React asks for it, so the chunk, the settings and the
 * data load side by side instead of one after the other (bench/console: the inbox's first rows
 * waited for the settings, then the first render, then the page's chunk, then GET /tasks).
 * Called twice: before the settings are read (the chunk, when the address names the inbox) and
 * once they are (the list, when a restored session lands there).
 */
export function startFirstScreen(queryClient: QueryClient, settings: ConsoleSettingsView | null): void {
  const path = window.location.pathname;
  if (settings === null) {
    if (path === '/inbox') void loadInboxPage();
    return;
  }
  const token = restoredDevToken(settings);
  if (token === null) return;
  const principal = principalOf(token, settings);
  if (!principal.roles.includes('officer') || (path !== '/inbox' && path !== '/')) return;
  if (path === '/') void loadInboxPage();
  // The session would hand it over at its first render; the list goes out now, with it.
  setSessionToken(token);
  void queryClient.prefetchInfiniteQuery(inboxQuery(principal.unitId, DEFAULT_FILTERS));
}
