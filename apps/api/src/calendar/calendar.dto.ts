import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ANNOUNCED_DAY_KINDS, type AnnouncedDayKind, type CalendarEntry } from '@dondoc/domain';

/** The body of PUT /calendar/:year/days/:date: what the Government announced for that day. */
export class PutCalendarDayBody {
  @ApiProperty({ enum: ANNOUNCED_DAY_KINDS })
  @IsIn(ANNOUNCED_DAY_KINDS, { message: `must be one of ${ANNOUNCED_DAY_KINDS.join(', ')}` })
  kind!: AnnouncedDayKind;

  @ApiProperty({ example: 'Nghỉ bù Quốc khánh' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ example: 'Công văn 12729/VPCP-KGVX', description: 'The announcing document' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  source?: string;
}

/** A year of the calendar: every day off on a weekday or holiday, every weekend day worked, with why. */
export interface CalendarYearView {
  year: number;
  /** Working days in the year, by this calendar. */
  workingDays: number;
  days: (CalendarEntry & { weekday: number; workingDay: boolean })[];
}

/**
 * What a calendar edit did, and what it re-plans through a workflow after the answer: `tasks`
 * whose deadline moves off the new day off, `reminderTasks` whose reminders count working days.
 */
export interface CalendarEditView {
  day: CalendarEntry | null;
  replan: { tasks: number; reminderTasks: number; workflowId: string | null };
}
