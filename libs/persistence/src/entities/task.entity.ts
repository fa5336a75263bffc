import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Recurrence, TaskRole, TaskStatus } from '@dondoc/domain';

/**
 * Read model of one unit's part of a directive. The unit-task workflow owns the state;
 * this row is its projection, written only by activities, guarded by `version`. One task per
 * directive, unit and period (`uq_tasks_directive_unit_period`, an expression index the
 * migration creates: null periods count as equal).
 */
@Entity({ name: 'tasks' })
@Index('ix_tasks_unit_due', ['unitId', 'dueAt'])
@Index('ix_tasks_directive_due', ['directiveId', 'dueAt'])
@Index('ix_tasks_original_due', ['originalDueAt'])
@Index('ix_tasks_unit_original_due', ['unitId', 'originalDueAt'])
export class TaskEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'directive_id', type: 'uuid' })
  directiveId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ type: 'text' })
  role!: TaskRole;

  @Column({ type: 'text' })
  instructions!: string;

  /** Which period of a periodic report this task is, from 0; null for a one-off task. */
  @Column({ type: 'integer', nullable: true })
  period!: number | null;

  /** How a periodic report repeats (on every period's task); null for a one-off task. */
  @Column({ type: 'jsonb', nullable: true })
  recurrence!: Recurrence | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  /** The deadline first set; kept through extensions so on-time statistics stay honest. */
  @Column({ name: 'original_due_at', type: 'timestamptz' })
  originalDueAt!: Date;

  @Index()
  @Column({ type: 'text' })
  status!: TaskStatus;

  @Column({ name: 'progress_percent', type: 'integer', default: 0 })
  progressPercent!: number;

  @Column({ name: 'progress_note', type: 'text', nullable: true })
  progressNote!: string | null;

  @Column({ type: 'text', nullable: true })
  report!: string | null;

  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason!: string | null;

  /** True while an escalation for this task is open. */
  @Column({ type: 'boolean', default: false })
  escalated!: boolean;

  /** Set when the task's workflow is running; null between the directive's creation and its fan-out. */
  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'reassigned_from_task_id', type: 'uuid', nullable: true })
  reassignedFromTaskId!: string | null;

  @Column({ name: 'reassigned_to_task_id', type: 'uuid', nullable: true })
  reassignedToTaskId!: string | null;

  /** The `sub` of the person of the task's unit who handles it (claimed or assigned), or null. */
  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  /** Sequence of the last workflow change applied; an older or repeated write is ignored. */
  @Column({ type: 'integer', default: 0 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
