import { CalendarDayEntity } from './calendar-day.entity';
import { DirectiveEntity } from './directive.entity';
import { EscalationEntity } from './escalation.entity';
import { ExtensionRequestEntity } from './extension-request.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { NotificationEntity } from './notification.entity';
import { OutboxEventEntity } from './outbox-event.entity';
import { DeliveryEntity } from './delivery.entity';
import { TaskEventEntity } from './task-event.entity';
import { TaskEntity } from './task.entity';
import { UnitEntity } from './unit.entity';
import { UnitContactEntity } from './unit-contact.entity';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { NotificationReadEntity } from './notification-read.entity';
import { PersonEntity } from './person.entity';
import { TaskCommentEntity } from './task-comment.entity';
import { AttachmentEntity } from './attachment.entity';

export * from './calendar-day.entity';
export * from './directive.entity';
export * from './escalation.entity';
export * from './extension-request.entity';
export * from './idempotency-key.entity';
export * from './notification.entity';
export * from './outbox-event.entity';
export * from './task-event.entity';
export * from './task.entity';
export * from './unit.entity';
export * from './unit-contact.entity';
export * from './webhook-subscription.entity';
export * from './notification-read.entity';
export * from './delivery.entity';
export * from './person.entity';
export * from './task-comment.entity';
export * from './attachment.entity';

/** Every entity, for the data source. */
export const ENTITIES = [
  UnitEntity,
  DirectiveEntity,
  TaskEntity,
  TaskEventEntity,
  NotificationEntity,
  EscalationEntity,
  ExtensionRequestEntity,
  IdempotencyKeyEntity,
  CalendarDayEntity,
  OutboxEventEntity,
  UnitContactEntity,
  WebhookSubscriptionEntity,
  NotificationReadEntity,
  DeliveryEntity,
  PersonEntity,
  TaskCommentEntity,
  AttachmentEntity,
];
