import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ContactTopic } from '@dondoc/domain';

/** How a contact receives its notices: each at once, or in the daily digest. */
export const CONTACT_MODES = ['each', 'digest'] as const;

/** One of `CONTACT_MODES`. */
export type ContactMode = (typeof CONTACT_MODES)[number];

/** What a contact chose: some topics of the catalogue, or `['all']` for every person event. */
export type ContactTopicChoice = ContactTopic | 'all';

/**
 * A person a unit wants told by e-mail (issue 11): the dispatcher reads a unit's contacts to fan
 * each person event out, the digest reads those in `digest` mode. The address is unique per unit
 * whatever its case (`ux_unit_contacts_unit_email` on `lower(email)`).
 */
@Entity({ name: 'unit_contacts' })
export class UnitContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** As the unit typed it; compared without case. */
  @Column({ type: 'text' })
  email!: string;

  /** Topics of `CONTACT_TOPICS`, or exactly `['all']`. */
  @Column({ type: 'text', array: true })
  topics!: ContactTopicChoice[];

  @Column({ type: 'text' })
  mode!: ContactMode;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
