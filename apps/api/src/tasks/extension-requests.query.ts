import type { ExtensionRequestStatus } from '@dondoc/persistence';
import { DEFAULT_LIMIT } from '../pagination/pagination';
import { EnumListFilter, PageCursor, PageLimit } from '../validation/query-filters';
import type { ExtensionRequestView } from './tasks.dto';

/** Where a request stands: waiting for the issuing clerk, or decided either way. */
export const EXTENSION_REQUEST_STATUSES = [
  'pending',
  'approved',
  'rejected',
] as const satisfies readonly ExtensionRequestStatus[];

/** The query of GET /extension-requests: the requests a clerk may decide, by status, one page. */
export class ListExtensionRequestsQuery {
  @EnumListFilter(EXTENSION_REQUEST_STATUSES, { description: 'one or more, comma-separated; every status when absent' })
  status?: ExtensionRequestStatus[];

  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}

/** A request in the decider's list: with the unit that asked and the deadline it would replace, so it can be decided from the list. */
export interface ListedExtensionRequestView extends ExtensionRequestView {
  unitId: string;
  currentDueAt: string;
}
