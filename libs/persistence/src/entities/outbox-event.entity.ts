import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AnyDondocEvent, EventType } from '@dondoc/domain';

/**
 * One event of the catalogue waiting to leave (or gone): written in the transaction of the change
 * that caused it, then claimed with a lease and marked dispatched (libs/activities'
 * `outbox-claims.ts`). The columns beside `payload` are what the dispatcher and the feed filter on.
 */
@Entity({ name: 'outbox_events' })
@Index('ix_outbox_events_task', ['taskId', 'occurredAt'])
@Index('ix_outbox_events_unit', ['unitId', 'createdAt', 'id'])
export class OutboxEventEntity {
  /** The catalogue's stable id (`eventId`: `<type>/<taskId>:<sequence>`), so a repeat of the cause is a no-op. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  type!: EventType;

  /** The catalogue's version the payload follows. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId!: string | null;

  @Column({ name: 'directive_id', type: 'uuid', nullable: true })
  directiveId!: string | null;

  /** The unit the event is about (the late unit of an escalation, not the body told). */
  @Column({ name: 'unit_id', type: 'text', nullable: true })
  unitId!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** The event's JSON exactly as a webhook carries it. */
  @Column({ type: 'jsonb' })
  payload!: AnyDondocEvent;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Not claimed before this instant (a released row waits out its back-off). */
  @Column({ name: 'available_at', type: 'timestamptz' })
  availableAt!: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;

  /** Who holds the lease, until when; both null when nobody does. */
  @Column({ name: 'claimed_by', type: 'text', nullable: true })
  claimedBy!: string | null;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  /** Failed dispatches so far. */
  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
