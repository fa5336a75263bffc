import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** pending until the issuer or the coordinating unit decides. */
export type ExtensionRequestStatus = 'pending' | 'approved' | 'rejected';

/** A unit asking for more time on its task. */
@Entity({ name: 'extension_requests' })
export class ExtensionRequestEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index()
  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'directive_id', type: 'uuid' })
  directiveId!: string;

  @Column({ name: 'requested_due_at', type: 'timestamptz' })
  requestedDueAt!: Date;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text' })
  status!: ExtensionRequestStatus;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;
}
