import { DEFAULT_LIMIT } from '../pagination/pagination';
import { InstantFilter, PageCursor, PageLimit, TextFilter, WholeNumberFilter } from '../validation/query-filters';

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

/** The most records one GET /audit/verification checks: about a few seconds of hashing, one request's worth. */
export const MAX_VERIFIED_RECORDS = 1_000_000;
/** Records checked when the query does not say. */
export const DEFAULT_VERIFIED_RECORDS = 100_000;

/** The query of GET /audit/verification: which segment of the chain to check. */
export class AuditVerificationQuery {
  @WholeNumberFilter(0, Number.MAX_SAFE_INTEGER, 0, {
    description: 'Start after this record (its hash taken as verified by an earlier segment); 0 starts at the first',
  })
  afterSeq: number = 0;

  // Not `limit`: that is a page size everywhere else (at most 500), and this is not a page.
  @WholeNumberFilter(1, MAX_VERIFIED_RECORDS, DEFAULT_VERIFIED_RECORDS, {
    description: `Records to check at most (${DEFAULT_VERIFIED_RECORDS} when absent)`,
  })
  records: number = DEFAULT_VERIFIED_RECORDS;
}
