import type { AnyDondocEvent } from '@dondoc/domain';
import { DEFAULT_LIMIT } from '../pagination/pagination';
import { PageLimit, TextFilter } from '../validation/query-filters';

/** The query of GET /events. */
export class ListEventsQuery {
  @TextFilter({ description: 'The `nextCursor` of the previous answer: the events after it. Left out: from the first' })
  after?: string;

  @PageLimit()
  limit: number = DEFAULT_LIMIT;
}

/**
 * One page of the feed. Unlike the other lists, `nextCursor` is kept when nothing follows: a
 * feed is read again later from where it stopped, and a cursor is the only way to say where.
 */
export interface EventFeedPage {
  items: AnyDondocEvent[];
  nextCursor: string | null;
  hasMore: boolean;
}
