import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, withQuery } from '../api/client';
import type { Page, TaskView } from '../api/types';
import { LIVE_INTERVAL_MS } from '../live/live';
import { statusesOf, type InboxFilters } from './inbox-filters';

/** Tasks fetched per page: enough to fill a screen twice, small enough to show at once. */
export const INBOX_PAGE_SIZE = 100;

/**
 * The inbox's list of tasks, as one query definition: the page reads it, and the start-up fetches
 * it while the page's code is still loading (main.tsx), so both share one request and one cache entry.
 * An answer counts as current for as long as the poll would wait anyway: the page mounting just
 * after the start-up's fetch uses it instead of asking again (bench/console saw a second, identical
 * GET /tasks), while a change still reaches it as before, through the event stream's invalidation,
 * an action's own invalidation, or the poll.
 */
export function inboxQuery(unitId: string, filters: Pick<InboxFilters, 'status' | 'overdueOnly'>) {
  return infiniteQueryOptions({
    queryKey: ['tasks', unitId, filters.status, filters.overdueOnly],
    queryFn: ({ pageParam }) =>
      api<Page<TaskView>>(
        withQuery('/tasks', {
          unitId,
          status: statusesOf(filters.status).join(','),
          overdue: filters.overdueOnly ? true : undefined,
          limit: INBOX_PAGE_SIZE,
          cursor: pageParam ?? undefined,
        }),
      ),
    staleTime: LIVE_INTERVAL_MS,
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page<TaskView>) => last.nextCursor,
  });
}
