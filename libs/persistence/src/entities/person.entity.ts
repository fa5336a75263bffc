import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A person of a unit: the token's `sub` within the unit its unit claim names. Created on first use
 * from the token's claims or registered ahead by an admin; a deactivated person can no longer be
 * given tasks. Keyed by unit and sub (the migration says why).
 */
@Entity({ name: 'people' })
export class PersonEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @PrimaryColumn({ type: 'text' })
  sub!: string;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** The roles the person's tokens carried when last seen (or an admin registered). */
  @Column({ name: 'roles_seen', type: 'text', array: true, default: '{}' })
  rolesSeen!: string[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The contact topics the person chose not to be e-mailed about for the tasks they handle. */
  @Column({ name: 'muted_topics', type: 'text', array: true, default: '{}' })
  mutedTopics!: string[];

  /** Null until the person first signs in (a pre-registered person). */
  @Column({ name: 'first_seen_at', type: 'timestamptz', nullable: true })
  firstSeenAt!: Date | null;

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  /** The admin who registered the person ahead of their first sign-in; null when the token created the profile. */
  @Column({ name: 'registered_by', type: 'text', nullable: true })
  registeredBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
