import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A person has read a notice (the inbox, issue 11): keyed by the notice and the token's subject,
 * so each person of a unit has their own unread list. No row means unread.
 */
@Entity({ name: 'notification_reads' })
export class NotificationReadEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'text' })
  notificationId!: string;

  /** The token's `sub`. */
  @PrimaryColumn({ type: 'text' })
  reader!: string;

  @Column({ name: 'read_at', type: 'timestamptz' })
  readAt!: Date;
}
