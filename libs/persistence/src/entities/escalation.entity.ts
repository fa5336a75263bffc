import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EscalationAction } from '@dondoc/domain';

/** open until a supervisor resolves it; `closed` when the task ended another way. */
export type EscalationStatus = 'open' | 'resolved' | 'closed';

/** A task that fell behind, handed to the coordinating body of the issuing level. */
@Entity({ name: 'escalations' })
@Index('ix_escalations_coordinator_status', ['coordinatingUnitId', 'status'])
export class EscalationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index()
  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'directive_id', type: 'uuid' })
  directiveId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'coordinating_unit_id', type: 'text' })
  coordinatingUnitId!: string;

  /** The body holding it now: level 1 is the coordinating body of the issuing level. */
  @Column({ type: 'integer' })
  level!: number;

  @Column({ name: 'current_unit_id', type: 'text' })
  currentUnitId!: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ type: 'text' })
  status!: EscalationStatus;

  @Column({ type: 'jsonb', nullable: true })
  resolution!: { action: EscalationAction; note: string | null; dueAt?: string; toUnitId?: string } | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy!: string | null;
}
