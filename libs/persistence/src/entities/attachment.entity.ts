import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A file attached to a task: the row of the blob stored under `sha256`. Written after the blob,
 * soft-deleted, and frozen by the submission that names it (migration 1764231600000).
 */
@Entity({ name: 'attachments' })
@Index('ix_attachments_task', ['taskId', 'createdAt', 'id'])
export class AttachmentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  /** Hex SHA-256 of the content: the blob's key, and what a reader checks a download against. */
  @Index('ix_attachments_sha256')
  @Column({ type: 'char', length: 64 })
  sha256!: string;

  /** Bytes; bigint arrives as a string from pg, so it is read as a number here. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size!: number;

  /** The type sniffed from the content, never the one the client claimed. */
  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  /** The name the uploader's file had, checked (no path, no control characters). */
  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy!: string;

  @Column({ name: 'uploaded_by_unit_id', type: 'text' })
  uploadedByUnitId!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'deleted_by', type: 'text', nullable: true })
  deletedBy!: string | null;

  /** The task event id of the submission that named this file; set, it can no longer be deleted. */
  @Column({ name: 'frozen_by_submission', type: 'text', nullable: true })
  frozenBySubmission!: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;
}
