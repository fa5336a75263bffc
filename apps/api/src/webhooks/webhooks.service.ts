import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { addDuration, EVENT_CATALOGUE_VERSION, eventId, parseIsoDuration, type DondocEvent } from '@dondoc/domain';
import { assertWebhookUrl, generateWebhookSecret, WebhookUrlRefusedError } from '@dondoc/delivery';
import { OutboxEventEntity, UnitEntity, WebhookSubscriptionEntity } from '@dondoc/persistence';
import { auditApiChange } from '../audit/record-api-change';
import { ConflictError, FieldErrors, NotFoundError, OutOfScopeError } from '../errors/errors';
import { keysetPage, toPage, type Page } from '../pagination/pagination';
import { ScopeService } from '../scope/scope.service';
import { API_SETTINGS, type ApiSettings } from '../settings';
import { isUuid } from '../validation/ids';
import { subscribedEventProblems, type WebhookProblem } from './webhook-rules';
import type { CreateWebhookBody, WebhookView, WebhookWithSecretView } from './webhooks.dto';

/** What a ping says to the receiver. */
const PING_MESSAGE = 'Dondoc webhook test';

/** A subscription as the API shows it, never its secrets. */
function webhookView(w: WebhookSubscriptionEntity): WebhookView {
  return {
    id: w.id,
    unitId: w.unitId,
    url: w.url,
    events: w.events,
    status: w.status,
    disabledReason: w.disabledReason,
    disabledAt: w.disabledAt?.toISOString() ?? null,
    previousSecretValidUntil: w.previousSecretUntil?.toISOString() ?? null,
    createdBy: w.createdBy,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** The audit trail's picture of a subscription: where and what, never a secret. */
function audited(w: WebhookSubscriptionEntity): Record<string, unknown> {
  return { unitId: w.unitId, url: w.url, events: w.events, status: w.status };
}

/**
 * Webhook subscriptions of the API clients that act for a unit: registered, listed, rotated,
 * tested and removed by the unit's clerk or an admin. The signing secret leaves the API twice
 * only, in the answers that make it (registration, rotation).
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  async create(body: CreateWebhookBody, createdBy: string): Promise<WebhookWithSecretView> {
    const scope = await this.scope.current();
    if (!scope.managesUnit(body.unitId))
      throw new OutOfScopeError(`only a clerk of unit ${body.unitId} or an admin may register its webhooks`, [
        { field: 'unitId', problem: 'is a unit you may not manage webhooks for' },
      ]);
    const problems: WebhookProblem[] = [...subscribedEventProblems(body.events)];
    if (!(await this.dataSource.getRepository(UnitEntity).existsBy({ id: body.unitId })))
      problems.push({ field: 'unitId', problem: `names unit ${body.unitId}, which does not exist` });
    problems.push(...(await this.urlProblems(body.url)));
    if (problems.length > 0) throw new FieldErrors(problems);

    return this.dataSource.transaction(async (db) => {
      const secret = generateWebhookSecret();
      const subscription = await db.getRepository(WebhookSubscriptionEntity).save({
        unitId: body.unitId,
        url: body.url,
        events: body.events as WebhookSubscriptionEntity['events'],
        secret,
        createdBy,
      });
      await auditApiChange(db, {
        action: 'webhooks.create',
        targetType: 'webhook_subscription',
        targetId: subscription.id,
        before: null,
        after: audited(subscription),
      });
      return { ...webhookView(subscription), secret };
    });
  }

  /** Oldest first; an admin sees every unit's, a clerk their unit's. */
  async list(filter: { unitId?: string }, limit: number, cursor?: string): Promise<Page<WebhookView>> {
    const managed = (await this.scope.current()).managedUnits('w.unit_id');
    const qb = keysetPage(
      this.dataSource.getRepository(WebhookSubscriptionEntity).createQueryBuilder('w'),
      ['w.created_at', 'w.id'],
      'ASC',
      limit,
      cursor,
    ).andWhere(managed.sql, managed.params);
    if (filter.unitId) qb.andWhere('w.unit_id = :unitId', { unitId: filter.unitId });
    const rows = await qb.getMany();
    return toPage(rows, limit, (w) => [w.createdAt.toISOString(), w.id], webhookView);
  }

  async get(id: string): Promise<WebhookView> {
    return webhookView(await this.managed(this.dataSource.manager, id));
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      const before = await this.managed(db, id, true);
      await db.getRepository(WebhookSubscriptionEntity).delete({ id });
      await auditApiChange(db, {
        action: 'webhooks.delete',
        targetType: 'webhook_subscription',
        targetId: id,
        before: audited(before),
        after: null,
      });
    });
  }

  /**
   * A new secret, shown once. The one it replaces keeps signing until now + the grace
   * (DONDOC_WEBHOOK_SECRET_GRACE), so a receiver can switch without losing a delivery; a secret
   * older than that is dropped.
   */
  async rotateSecret(id: string): Promise<WebhookWithSecretView> {
    const grace = parseIsoDuration(this.settings.webhooks.secretGrace, 'DONDOC_WEBHOOK_SECRET_GRACE');
    return this.dataSource.transaction(async (db) => {
      const subscription = await this.managed(db, id, true);
      const secret = generateWebhookSecret();
      subscription.previousSecret = subscription.secret;
      subscription.previousSecretUntil = new Date(addDuration(Date.now(), grace));
      subscription.secret = secret;
      const saved = await db.getRepository(WebhookSubscriptionEntity).save(subscription);
      await auditApiChange(db, {
        action: 'webhooks.rotate-secret',
        targetType: 'webhook_subscription',
        targetId: id,
        before: null,
        after: { previousSecretValidUntil: saved.previousSecretUntil?.toISOString() ?? null },
      });
      return { ...webhookView(saved), secret };
    });
  }

  /**
   * Writes a `ping` for this subscription alone into the outbox, with a fresh id each time; the
   * dispatcher sends it. Answers the event's id, which the delivery's `webhook-id` carries.
   */
  async test(id: string): Promise<{ eventId: string }> {
    const subscription = await this.managed(this.dataSource.manager, id);
    if (subscription.status !== 'active')
      throw new ConflictError(`webhook ${id} is disabled: nothing is sent to it`, {
        status: subscription.status,
        disabledReason: subscription.disabledReason,
      });
    const now = new Date();
    const ping: DondocEvent<'ping'> = {
      id: eventId('ping', `${subscription.id}:${randomUUID()}`),
      type: 'ping',
      version: EVENT_CATALOGUE_VERSION,
      occurredAt: now.toISOString(),
      directiveId: null,
      directiveNumber: null,
      directiveSubject: null,
      taskId: null,
      unitId: subscription.unitId,
      dueAt: null,
      link: null,
      data: { message: PING_MESSAGE, subscriptionId: subscription.id },
    };
    await this.dataSource.getRepository(OutboxEventEntity).insert({
      id: ping.id,
      type: ping.type,
      version: ping.version,
      taskId: null,
      directiveId: null,
      unitId: subscription.unitId,
      occurredAt: now,
      payload: ping,
    });
    return { eventId: ping.id };
  }

  /** The subscription if the caller manages its unit; otherwise 404 as for one that does not exist. */
  private async managed(db: EntityManager, id: string, lock = false): Promise<WebhookSubscriptionEntity> {
    const subscription = isUuid(id)
      ? await db
          .getRepository(WebhookSubscriptionEntity)
          .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) })
      : null;
    const scope = await this.scope.current();
    if (subscription === null || !scope.managesUnit(subscription.unitId)) throw new NotFoundError('webhook', id);
    return subscription;
  }

  /** libs/delivery's guard (https only, no private address) as problems of `url`. */
  private async urlProblems(url: string): Promise<WebhookProblem[]> {
    try {
      await assertWebhookUrl(url, { allowPrivate: this.settings.webhooks.allowPrivate });
      return [];
    } catch (error) {
      if (error instanceof WebhookUrlRefusedError) return [{ field: 'url', problem: `is refused: ${error.reason}` }];
      throw error;
    }
  }
}
