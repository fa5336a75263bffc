import type { QueryClient } from '@tanstack/react-query';
import { setSessionToken } from './api/client';
import type { ConsoleSettingsView } from './api/types';
import { principalOf } from './auth/principal';
import { restoredDevToken } from './auth/session';
import { DEFAULT_FILTERS } from './officer/inbox-filters';
import { inboxQuery } from './officer/inbox-query';
import { inboxScreen } from './officer/inbox-screen';

/** The inbox's chunk; a failed fetch is React's to report when the route renders, not the start-up's. */
function loadInboxPage(): Promise<void> {
  return inboxScreen.preload().catch(() => undefined);
}

/**
 * Starts what the first screen needs before React asks for it, so the chunk, the settings and the
 * data load side by side instead of one after the other (bench/console: the inbox's first rows
 * waited for the settings, then the first render, then the page's chunk, then GET /tasks).
 * Called twice: before the settings are read (the chunk, when the address names the inbox) and
 * once they are (the list, when a restored session lands there). Resolves when the first
 * screen's code is in (and, for the inbox, its first page or {@link FIRST_PAGE_WAIT_MS}), which
 * the start-up awaits before its first render, so that render shows the page rather than
 * suspending on it (layout/lazy-screen.tsx).
 */
export function startFirstScreen(queryClient: QueryClient, settings: ConsoleSettingsView | null): Promise<void> {
  const path = window.location.pathname;
  if (settings === null) return path === '/inbox' ? loadInboxPage() : Promise.resolve();
  const token = restoredDevToken(settings);
  if (token === null) return Promise.resolve();
  const principal = principalOf(token, settings);
  if (!principal.roles.includes('officer') || (path !== '/inbox' && path !== '/')) return Promise.resolve();
  // The session would hand it over at its first render; the list goes out now, with it.
  setSessionToken(token);
  const firstPage = queryClient.prefetchInfiniteQuery(inboxQuery(principal.unitId, DEFAULT_FILTERS));
  const held = new Promise<void>((resolve) => setTimeout(resolve, FIRST_PAGE_WAIT_MS));
  return Promise.all([loadInboxPage(), Promise.race([firstPage, held])]).then(() => undefined);
}

/**
 * How long the first render waits for the inbox's first page, at most: the list usually answers
 * within a few milliseconds of the page's code, and a render that has it draws the rows at once,
 * where one a moment earlier draws "loading" and then everything again (bench/console). A slow
 * answer does not hold the screen back for longer than this.
 */
const FIRST_PAGE_WAIT_MS = 300;
