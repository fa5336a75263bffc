import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AnnouncedDayKind } from '@dondoc/domain';

/**
 * A day the Government announces for one year (an extra day off, a compensatory day, a Saturday
 * worked), which overrides the statutory rules on that date. Administrators edit these rows.
 */
@Entity({ name: 'calendar_days' })
export class CalendarDayEntity {
  /** `YYYY-MM-DD` in Vietnam. */
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column({ type: 'text' })
  kind!: AnnouncedDayKind;

  @Column({ type: 'text' })
  name!: string;

  /** The announcing document, e.g. "Công văn 12729/VPCP-KGVX". */
  @Column({ type: 'text', nullable: true })
  source!: string | null;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
