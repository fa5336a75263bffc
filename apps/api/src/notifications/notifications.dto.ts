import type { NoticeKind } from '@dondoc/domain';
import { NOTICE_KINDS } from '@dondoc/domain';
import { DEFAULT_LIMIT } from '../pagination/pagination';
import { EnumListFilter, IdFilter, PageCursor, PageLimit, TextFilter } from '../validation/query-filters';

/** A notice as the API shows it. */
export interface NotificationView {
  id: string;
  unitId: string;
  taskId: string;
  directiveId: string;
  kind: NoticeKind;
  message: string;
  scheduledFor: string;
  createdAt: string;
}

/** The query of GET /notifications. */
export class ListNotificationsQuery {
  @TextFilter({ description: 'recipient unit' })
  unitId?: string;

  @IdFilter('task')
  taskId?: string;

  @EnumListFilter(NOTICE_KINDS)
  kind?: NoticeKind[];

  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}
