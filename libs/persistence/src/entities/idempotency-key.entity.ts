import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One `Idempotency-Key` a caller sent with a change: while the first request runs it is a
 * claim (no response yet, held by `owner` until `lockedUntil`); once that request has a final
 * answer it is that answer, replayed to every repeat. Keys are per caller (subject and unit), so
 * two callers' keys never collide; rows older than a day are deleted by the API.
 */
@Entity({ name: 'idempotency_keys' })
@Index('ix_idempotency_keys_created_at', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'caller_sub', type: 'text' })
  callerSub!: string;

  @PrimaryColumn({ name: 'caller_unit', type: 'text' })
  callerUnit!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** SHA-256 of method, path and canonical body: a repeat must match it. */
  @Column({ name: 'request_hash', type: 'text' })
  requestHash!: string;

  @Column({ type: 'text' })
  method!: string;

  @Column({ type: 'text' })
  path!: string;

  /** The API process running the first request (its liveness lock says whether it still does). */
  @Column({ type: 'text' })
  owner!: string;

  /** After this instant the claim no longer holds, whatever the owner: a retry acts again. */
  @Column({ name: 'locked_until', type: 'timestamptz' })
  lockedUntil!: Date;

  /** Null while the first request runs. */
  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  /** The JSON body answered, as sent. */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
