import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An earlier text of an edited comment, kept with it: comments are append-only. */
export interface CommentVersion {
  text: string;
  /** When this text was replaced (ISO 8601). */
  until: string;
}

/**
 * A comment on a task by someone who reads it (the unit's people, the issuer's clerks, the
 * coordinating body's supervisors). Markdown stored as text; never rendered as HTML by Dondoc.
 */
@Entity({ name: 'task_comments' })
@Index('ix_task_comments_task', ['taskId', 'createdAt', 'id'])
export class TaskCommentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'author_sub', type: 'text' })
  authorSub!: string;

  @Column({ name: 'author_unit_id', type: 'text' })
  authorUnitId!: string;

  @Column({ type: 'text' })
  text!: string;

  /** Earlier texts, oldest first. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  history!: CommentVersion[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt!: Date | null;

  /** Set when the author deleted it: the row stays as a tombstone. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
