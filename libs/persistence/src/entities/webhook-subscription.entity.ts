import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { EventType } from '@dondoc/domain';

/** Whether a subscription receives: a 410 Gone (or a person) disables it. */
export const WEBHOOK_STATUSES = ['active', 'disabled'] as const;

/** One of `WEBHOOK_STATUSES`. */
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

/**
 * An API client's endpoint that receives a unit's events, signed per Standard Webhooks (issue 11).
 * The dispatcher signs with `secret` and, until `previousSecretUntil`, with `previousSecret` too,
 * so a receiver keeps verifying while it rolls over to a rotated secret.
 */
@Entity({ name: 'webhook_subscriptions' })
@Index('ix_webhook_subscriptions_unit', ['unitId', 'createdAt'])
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  /** https:// (or, with DONDOC_WEBHOOK_ALLOW_PRIVATE, any) address checked by libs/delivery's guard. */
  @Column({ type: 'text' })
  url!: string;

  /** The catalogue's types it receives; never `ping`, which goes only to the one it tests. */
  @Column({ type: 'text', array: true })
  events!: EventType[];

  /** The signing secret in the Standard Webhooks form (`whsec_<base64>`); shown once, never listed. */
  @Column({ type: 'text' })
  secret!: string;

  /** The secret before the last rotation, still signed with until `previousSecretUntil`. */
  @Column({ name: 'previous_secret', type: 'text', nullable: true })
  previousSecret!: string | null;

  @Column({ name: 'previous_secret_until', type: 'timestamptz', nullable: true })
  previousSecretUntil!: Date | null;

  @Column({ type: 'text', default: 'active' })
  status!: WebhookStatus;

  /** Why it stopped receiving (e.g. the receiver answered 410 Gone); null while active. */
  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /** The token's subject that registered it, for the audit trail and for people asking "whose is this?". */
  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
