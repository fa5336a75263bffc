import { DEFAULT_LIMIT } from '../pagination/pagination';
import { InstantFilter, PageCursor, PageLimit, TextFilter } from '../validation/query-filters';

/** The query of GET /audit: every filter is exact; `from` and `to` are instants. */
export class AuditQuery {
  @TextFilter()
  actor?: string;

  @TextFilter({ description: 'the acting person’s unit' })
  unitId?: string;

  @TextFilter({ example: 'task.acknowledge' })
  action?: string;

  @TextFilter({ example: 'task' })
  targetType?: string;

  @TextFilter()
  targetId?: string;

  @InstantFilter({ description: 'ISO-8601 instant, inclusive' })
  from?: Date;

  @InstantFilter({ description: 'ISO-8601 instant, exclusive' })
  to?: Date;

  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}
