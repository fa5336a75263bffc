import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, withQuery } from '../api/client';
import type { Page, TaskView } from '../api/types';
import { statusesOf, type InboxFilters } from './inbox-filters';

/** Tasks fetched per page: enough to fill a screen twice, small enough to show at once. */
export const INBOX_PAGE_SIZE = 100;

/**
 * The inbox's list of tasks, as one query definition: the page reads it, and the start-up fetches
 * it while the page's code is still loading (main.tsx), so both share one request and one cache entry.
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
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page<TaskView>) => last.nextCursor,
  });
}
