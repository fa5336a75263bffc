import type { NoticeKind } from '@dondoc/domain';

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
