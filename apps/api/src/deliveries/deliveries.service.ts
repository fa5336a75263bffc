import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { DeliveryEntity, NotificationEntity } from '@dondoc/persistence';
import { ConflictError, NotFoundError } from '../errors/errors';
import { keysetPage, toPage } from '../pagination/pagination';
import { ScopeService } from '../scope/scope.service';
import type { DeliveryPage, DeliveryView } from './deliveries.dto';

function deliveryView(row: DeliveryEntity): DeliveryView {
  const open = row.status === 'pending' || row.status === 'held';
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    channel: row.channel,
    unitId: row.unitId,
    targetId: row.targetId,
    target: row.target,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    scheduledFor: row.scheduledFor.toISOString(),
    nextAttemptAt: open ? row.nextAttemptAt.toISOString() : null,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Deliveries as each caller may see them: a notice's to whoever may read the notice; a
 * subscription's and a re-send to an admin or the clerk of the subscription's (the delivery's)
 * unit. Anything else is answered 404, as if it did not exist.
 */
@Injectable()
export class DeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  /** The deliveries of the event a notification was written with, to the notification's recipient unit. */
  async ofNotification(id: string, limit: number, cursor?: string): Promise<DeliveryPage> {
    const visible = (await this.scope.current()).notifications('n');
    const notification = await this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.id = :id', { id })
      .andWhere(visible.sql, visible.params)
      .getOne();
    if (notification === null) throw new NotFoundError('notification', id);
    // A notice's id is its task change's key and its index (`<taskId>:<sequence>:<n>`); the event's id ends in that key.
    const cause = notification.id.replace(/:\d+$/, '');
    return this.page(limit, cursor, (qb) =>
      qb
        .where('d.task_id = :taskId', { taskId: notification.taskId })
        .andWhere("d.event_id LIKE '%/' || :cause", { cause })
        .andWhere('d.unit_id = :unitId', { unitId: notification.recipientUnitId }),
    );
  }

  /** A webhook subscription's deliveries. */
  async ofWebhook(id: string, limit: number, cursor?: string): Promise<DeliveryPage> {
    const rows: { unit_id: string }[] = await this.dataSource.query(
      `SELECT unit_id FROM webhook_subscriptions WHERE id::text = $1`,
      [id],
    );
    const unitId = rows[0]?.unit_id;
    if (unitId === undefined || !(await this.mayManage(unitId))) throw new NotFoundError('webhook', id);
    return this.page(limit, cursor, (qb) => qb.where("d.channel = 'webhook'").andWhere('d.target_id = :id', { id }));
  }

  /**
   * Makes a failed delivery due again now, with a fresh retry window; its attempts so far are kept.
   * @throws ConflictError when it has not failed (it is still being tried, or it arrived).
   */
  async retry(id: string): Promise<DeliveryView> {
    const repository = this.dataSource.getRepository(DeliveryEntity);
    const delivery = await repository.findOneBy({ id });
    if (delivery === null || !(await this.mayManage(delivery.unitId))) throw new NotFoundError('delivery', id);
    const refused = (): ConflictError =>
      new ConflictError(`Chỉ gửi lại được lần gửi đã thất bại; lần gửi này đang ở trạng thái "${delivery.status}".`, {
        status: delivery.status,
      });
    if (delivery.status !== 'failed') throw refused();
    const retried: unknown[] = await this.dataSource.query(
      `WITH retried AS (
         UPDATE deliveries SET status = 'pending', next_attempt_at = clock_timestamp(), first_attempt_at = NULL,
                claimed_by = NULL, claimed_until = NULL, updated_at = clock_timestamp()
         WHERE id = $1 AND status = 'failed' RETURNING id
       ) SELECT id FROM retried`,
      [id],
    );
    // Another request re-sent it first: the same answer as to any delivery not failed.
    if (retried.length === 0) throw refused();
    return deliveryView(await repository.findOneByOrFail({ id }));
  }

  /** An admin, or a clerk of the unit. */
  private async mayManage(unitId: string): Promise<boolean> {
    const scope = await this.scope.current();
    return scope.has('admin') || scope.clerkOf(unitId);
  }

  private async page(
    limit: number,
    cursor: string | undefined,
    filter: (qb: SelectQueryBuilder<DeliveryEntity>) => SelectQueryBuilder<DeliveryEntity>,
  ): Promise<DeliveryPage> {
    const qb = filter(this.dataSource.getRepository(DeliveryEntity).createQueryBuilder('d'));
    keysetPage(qb, ['d.created_at', 'd.id'], 'ASC', limit, cursor);
    const rows = await qb.getMany();
    return toPage(rows, limit, (row) => [row.createdAt.toISOString(), row.id], deliveryView);
  }
}
