import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationEntity } from '@dondoc/persistence';
import type { NoticeKind } from '@dondoc/domain';
import { keysetPage, toPage, type Page } from '../pagination/pagination';
import { ScopeService } from '../scope/scope.service';
import type { NotificationView } from './notifications.dto';

/** Filters of GET /notifications, already checked. */
export interface NotificationFilter {
  /** The recipient unit. */
  unitId?: string;
  taskId?: string;
  kind?: NoticeKind[];
}

function notificationView(n: NotificationEntity): NotificationView {
  return {
    id: n.id,
    unitId: n.recipientUnitId,
    taskId: n.taskId,
    directiveId: n.directiveId,
    kind: n.kind,
    message: n.message,
    scheduledFor: n.scheduledFor.toISOString(),
    createdAt: n.createdAt.toISOString(),
  };
}

/** The notices units have been sent (reminders, overdue notices, escalations), as each caller may read them. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  /** Oldest first: a unit reads its notices in the order they were sent. */
  async list(filter: NotificationFilter, limit: number, cursor?: string): Promise<Page<NotificationView>> {
    const visible = (await this.scope.current()).notifications('n');
    const qb = keysetPage(
      this.dataSource.getRepository(NotificationEntity).createQueryBuilder('n'),
      ['n.created_at', 'n.id'],
      'ASC',
      limit,
      cursor,
    );
    // Only notices to the caller's unit, or to a unit their officers act for.
    qb.andWhere(visible.sql, visible.params);
    if (filter.unitId) qb.andWhere('n.recipient_unit_id = :unitId', { unitId: filter.unitId });
    if (filter.taskId) qb.andWhere('n.task_id = :taskId', { taskId: filter.taskId });
    if (filter.kind) qb.andWhere('n.kind IN (:...kinds)', { kinds: filter.kind });
    const rows = await qb.getMany();
    return toPage(rows, limit, (n) => [n.createdAt.toISOString(), n.id], notificationView);
  }
}
