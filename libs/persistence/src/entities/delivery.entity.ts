import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeliveryChannel, DeliveryStatus, EventType } from '@dondoc/domain';

/**
 * One outbox event on its way to one target (a webhook subscription or an e-mail contact):
 * written by the dispatcher's fan-out, then claimed with a lease, sent, retried with back-off,
 * and kept as the record `GET /…/deliveries` lists.
 */
@Entity({ name: 'deliveries' })
@Index('ix_deliveries_target', ['targetId', 'createdAt', 'id'])
@Index('ix_deliveries_task', ['taskId', 'eventId'])
export class DeliveryEntity {
  /** Derived from event id, channel and target id: the `webhook-id` and the Message-ID's basis. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: EventType;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId!: string | null;

  /** The unit told (whose subscription or contact this is): what scopes the row. */
  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ type: 'text' })
  channel!: DeliveryChannel;

  /** The subscription's or contact's id. */
  @Column({ name: 'target_id', type: 'text' })
  targetId!: string;

  /** The URL or e-mail address when the row was written. */
  @Column({ type: 'text' })
  target!: string;

  /** What the per-endpoint limit and circuit are keyed by: a webhook's origin, or the SMTP server. */
  @Column({ type: 'text' })
  endpoint!: string;

  @Column({ type: 'text' })
  status!: DeliveryStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  /** The notice's own instant (the schedule's), whatever working hours made of it. */
  @Column({ name: 'scheduled_for', type: 'timestamptz' })
  scheduledFor!: Date;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  /** The retry window counts from here. */
  @Column({ name: 'first_attempt_at', type: 'timestamptz', nullable: true })
  firstAttemptAt!: Date | null;

  /** When it really left (accepted by the receiver). */
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** The last HTTP status or SMTP reply. */
  @Column({ name: 'last_status', type: 'text', nullable: true })
  lastStatus!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'claimed_by', type: 'text', nullable: true })
  claimedBy!: string | null;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
