import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Append-only history of a task: who did what, from which status to which. */
@Entity({ name: 'task_events' })
@Index('ix_task_events_task_time', ['taskId', 'occurredAt'])
export class TaskEventEntity {
  /** Deterministic `<taskId>:<sequence>` from the workflow, so a retried write is a no-op. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'directive_id', type: 'uuid' })
  directiveId!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  /** A person's identity, or `system` for the engine's own reminders and escalations. */
  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: string;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  data!: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
