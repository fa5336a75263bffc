import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { ReminderPolicy } from '@dondoc/domain';

/** Lifecycle of a directive as a whole. */
export type DirectiveStatus = 'active' | 'withdrawn';

/** A công văn (or related document) issued by one unit to many. */
@Entity({ name: 'directives' })
@Unique('uq_directives_issuer_number', ['issuerUnitId', 'number'])
export class DirectiveEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** As printed, e.g. `276-CV/TU`; unique per issuer. */
  @Column({ type: 'text' })
  number!: string;

  @Index()
  @Column({ name: 'issuer_unit_id', type: 'text' })
  issuerUnitId!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Index()
  @Column({ name: 'parent_directive_id', type: 'uuid', nullable: true })
  parentDirectiveId!: string | null;

  /** The task this directive carries out, when a unit implements its part by issuing its own directive. */
  @Column({ name: 'parent_task_id', type: 'uuid', nullable: true })
  parentTaskId!: string | null;

  /** While true, the parent task cannot be submitted until this directive's lead tasks are closed. */
  @Column({ name: 'gates_parent_submission', type: 'boolean', default: true })
  gatesParentSubmission!: boolean;

  @Column({ name: 'coordinating_unit_id', type: 'text' })
  coordinatingUnitId!: string;

  @Column({ name: 'review_required', type: 'boolean', default: false })
  reviewRequired!: boolean;

  @Column({ name: 'reminder_policy', type: 'jsonb' })
  reminderPolicy!: ReminderPolicy;

  @Column({ type: 'text', default: 'active' })
  status!: DirectiveStatus;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true })
  withdrawnReason!: string | null;

  @Column({ name: 'withdrawn_by', type: 'text', nullable: true })
  withdrawnBy!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
