/**
 * What the calendar endpoints answer, as response DTO classes for the OpenAPI document; each
 * implements the view the service builds, so the two cannot drift apart unnoticed.
 */
import { ApiProperty } from '@nestjs/swagger';
import { ANNOUNCED_DAY_KINDS, type AnnouncedDayKind, type CalendarEntry } from '@dondoc/domain';
import type { CalendarEditView, CalendarYearView } from './calendar.dto';

/** A day off or a weekend day worked, and why. */
export class CalendarEntryResponse implements CalendarEntry {
  @ApiProperty({ format: 'date', example: '2027-02-06' })
  date!: string;

  @ApiProperty({ enum: ANNOUNCED_DAY_KINDS })
  kind!: AnnouncedDayKind;

  @ApiProperty({ example: 'Tết Nguyên đán' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The announcing document' })
  source!: string | null;

  @ApiProperty({ description: 'Given by the statutory rules, with nothing announced in its place' })
  computed!: boolean;
}

/** A day of a year's calendar. */
export class CalendarDayResponse extends CalendarEntryResponse {
  @ApiProperty({ minimum: 0, maximum: 6, description: '0 is Sunday' })
  weekday!: number;

  @ApiProperty()
  workingDay!: boolean;
}

/** A year of the calendar. */
export class CalendarYearResponse implements CalendarYearView {
  @ApiProperty()
  year!: number;

  @ApiProperty({ description: 'Working days in the year, by this calendar' })
  workingDays!: number;

  @ApiProperty({ type: [CalendarDayResponse] })
  days!: CalendarDayResponse[];
}

/** What a calendar edit re-plans after the answer. */
export class CalendarReplanResponse {
  @ApiProperty({ description: 'Open tasks whose deadline moves off the new day off' })
  tasks!: number;

  @ApiProperty({ description: 'Open tasks whose reminders count working days' })
  reminderTasks!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The re-planning workflow; null when there is nothing to re-plan',
  })
  workflowId!: string | null;
}

/** What a calendar edit did. */
export class CalendarEditResponse implements CalendarEditView {
  @ApiProperty({ type: CalendarEntryResponse, nullable: true, description: 'The day as stored; null once removed' })
  day!: CalendarEntryResponse | null;

  @ApiProperty({ type: CalendarReplanResponse })
  replan!: CalendarReplanResponse;
}
