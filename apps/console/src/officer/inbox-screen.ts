import { lazyScreen } from '../layout/lazy-screen';

/**
 * "Việc của tôi", its code a chunk of its own: one definition, so the route (app.tsx) and the
 * start-up's preload (first-screen.ts) share one fetch and the first render does not suspend.
 */
export const inboxScreen = lazyScreen(() => import('./inbox-page').then((m) => m.InboxPage));
