import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NoticeKind } from '@dondoc/domain';

/** A reminder, overdue notice or escalation notice addressed to a unit. */
@Entity({ name: 'notifications' })
@Index('ix_notifications_unit_time', ['recipientUnitId', 'createdAt'])
@Index('ix_notifications_task_time', ['taskId', 'createdAt'])
export class NotificationEntity {
  /** Deterministic key from the workflow (`<taskId>:<sequence>`), so a retry never notifies twice. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'recipient_unit_id', type: 'text' })
  recipientUnitId!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'directive_id', type: 'uuid' })
  directiveId!: string;

  @Column({ type: 'text' })
  kind!: NoticeKind;

  @Column({ type: 'text' })
  message!: string;

  /** When the schedule said it was due (the timer's instant). */
  @Column({ name: 'scheduled_for', type: 'timestamptz' })
  scheduledFor!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
