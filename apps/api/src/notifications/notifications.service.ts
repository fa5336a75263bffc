import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationEntity } from '@dondoc/persistence';
import type { NoticeKind } from '@dondoc/domain';
import { currentActor } from '../actor/actor';
import { NotFoundError } from '../errors/errors';
import { keysetPage, toPage, type Page } from '../pagination/pagination';
import { ScopeService } from '../scope/scope.service';
import type { NotificationView } from './notifications.dto';

/** Filters of GET /notifications, already checked. */
export interface NotificationFilter {
  /** The recipient unit. */
  unitId?: string;
  taskId?: string;
  kind?: NoticeKind[];
  /** true: only notices the caller has not read; false: only those they have. */
  unread?: boolean;
}

/** The caller's row of a notice (alias `n`) in notification_reads, as a subquery: no join, so keyset pages stay simple. */
const READ_BY_READER = '(SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.reader = :reader)';

/** When the caller read the notice (alias `n`), null when they have not. */
const READ_AT = '(SELECT r.read_at FROM notification_reads r WHERE r.notification_id = n.id AND r.reader = :reader)';

/** A notice read with the caller's read state (`read_at` of their notification_reads row). */
type NoticeWithReadState = NotificationEntity & { readAt: Date | null };

function notificationView(n: NoticeWithReadState): NotificationView {
  return {
    id: n.id,
    unitId: n.recipientUnitId,
    taskId: n.taskId,
    directiveId: n.directiveId,
    kind: n.kind,
    message: n.message,
    scheduledFor: n.scheduledFor.toISOString(),
    createdAt: n.createdAt.toISOString(),
    read: n.readAt !== null,
  };
}

/**
 * The notices units have been sent (reminders, overdue notices, escalations), as each caller may
 * read them, and each person's inbox over them: read state is per token subject, so one officer
 * reading a notice leaves it unread for the others of the unit.
 */
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
    )
      .addSelect(READ_AT, 'read_at')
      .setParameter('reader', currentActor().id);
    // Only notices to the caller's unit, or to a unit their officers act for.
    qb.andWhere(visible.sql, visible.params);
    if (filter.unitId) qb.andWhere('n.recipient_unit_id = :unitId', { unitId: filter.unitId });
    if (filter.taskId) qb.andWhere('n.task_id = :taskId', { taskId: filter.taskId });
    if (filter.kind) qb.andWhere('n.kind IN (:...kinds)', { kinds: filter.kind });
    if (filter.unread !== undefined) qb.andWhere(`${filter.unread ? 'NOT ' : ''}EXISTS ${READ_BY_READER}`);
    const { entities, raw } = await qb.getRawAndEntities<{ n_id: string; read_at: Date | null }>();
    const readAt = new Map(raw.map((row) => [row.n_id, row.read_at]));
    const rows = entities.map((n) => Object.assign(n, { readAt: readAt.get(n.id) ?? null }));
    return toPage(rows, limit, (n) => [n.createdAt.toISOString(), n.id], notificationView);
  }

  /** Marks one notice read for the caller; reading it again keeps the first instant. 404 for a notice they do not see. */
  async markRead(id: string): Promise<NotificationView> {
    await this.insertReads('n.id = :id', { id });
    return this.one(id);
  }

  /**
   * Marks read, for the caller, every notice they see that was written at or before `before`:
   * "I have read everything up to here", without racing notices that arrive meanwhile.
   */
  async markAllRead(before: Date): Promise<{ marked: number }> {
    return { marked: await this.insertReads('n.created_at <= :before', { before }) };
  }

  /** How many notices the caller sees and has not read. */
  async unreadCount(): Promise<{ unread: number }> {
    const visible = (await this.scope.current()).notifications('n');
    const row = await this.dataSource
      .createQueryBuilder()
      .select('count(*)::int', 'unread')
      .from(NotificationEntity, 'n')
      .where(visible.sql, visible.params)
      .andWhere(`NOT EXISTS ${READ_BY_READER}`, { reader: currentActor().id })
      .getRawOne<{ unread: number }>();
    return { unread: row?.unread ?? 0 };
  }

  /**
   * Writes the caller's read rows for the notices they see that match `condition`, keeping the
   * first instant of any already read; answers how many were newly read.
   */
  private async insertReads(condition: string, params: Record<string, unknown>): Promise<number> {
    const visible = (await this.scope.current()).notifications('n');
    const [sql, values] = this.dataSource
      .createQueryBuilder()
      .select('n.id')
      .addSelect('CAST(:reader AS text)')
      .addSelect('now()')
      .from(NotificationEntity, 'n')
      .where(condition, params)
      .andWhere(visible.sql, visible.params)
      .setParameter('reader', currentActor().id)
      .getQueryAndParameters();
    const inserted = await this.dataSource.query<{ notification_id: string }[]>(
      `INSERT INTO notification_reads (notification_id, reader, read_at) ${sql}
       ON CONFLICT (notification_id, reader) DO NOTHING RETURNING notification_id`,
      values,
    );
    return inserted.length;
  }

  /** One notice the caller sees, with their read state. */
  private async one(id: string): Promise<NotificationView> {
    const visible = (await this.scope.current()).notifications('n');
    const qb = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .addSelect(READ_AT, 'read_at')
      .setParameter('reader', currentActor().id)
      .where('n.id = :id', { id })
      .andWhere(visible.sql, visible.params);
    const { entities, raw } = await qb.getRawAndEntities<{ read_at: Date | null }>();
    const notice = entities[0];
    if (notice === undefined) throw new NotFoundError('notification', id);
    return notificationView(Object.assign(notice, { readAt: raw[0]?.read_at ?? null }));
  }
}
