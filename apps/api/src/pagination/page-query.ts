import { PageCursor, PageLimit } from '../validation/query-filters';
import { DEFAULT_LIMIT } from './pagination';

/** The query of a list with no filters of its own: one page, where to start. */
export class PageQuery {
  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}
