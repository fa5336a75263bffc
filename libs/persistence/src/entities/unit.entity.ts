import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A body of the organisation tree: a committee, a People's Committee, an office, a Party cell. */
@Entity({ name: 'units' })
export class UnitEntity {
  /** Stable id chosen by the organisation, e.g. `bac-kan-city/ubnd`. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** central, province, district, commune, or agency: data, since the 2025 reform removed a tier. */
  @Column({ type: 'text' })
  level!: string;

  @Index()
  @Column({ name: 'parent_id', type: 'text', nullable: true })
  parentId!: string | null;

  @Column({ type: 'text', nullable: true })
  kind!: string | null;

  /** Receives escalations for directives this unit issues; when null it is inherited from the parent. */
  @Column({ name: 'coordinating_unit_id', type: 'text', nullable: true })
  coordinatingUnitId!: string | null;

  /** How long an escalation may wait at this body before it climbs to the next level up (ISO-8601; null: two days). */
  @Column({ name: 'escalation_grace', type: 'text', nullable: true })
  escalationGrace!: string | null;

  /** Its officers act for every unit below it (units with no staff of their own in Dondoc). */
  @Column({ name: 'acts_for_sub_units', type: 'boolean', default: false })
  actsForSubUnits!: boolean;

  /**
   * Ids from the root down to this unit, kept by the database at commit (migration
   * 1764232000000): "every unit below X" is an index lookup, `ancestry @> ARRAY[X]`. Never written here.
   */
  @Column({ type: 'text', array: true, insert: false, update: false })
  ancestry!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
