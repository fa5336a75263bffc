import vnCalendarData from './data/vn-calendar.json';
import { ValidationError } from './errors';
import { parseCalendarTable, type CalendarTable } from './calendar-table';
import { MS_PER_DAY, formatLocalDate, parseLocalDate, weekdayOf } from './local-date';

/** Longest run of days off we accept before suspecting a broken table (Tết is at most ~10 days). */
const MAX_DAYS_OFF_IN_A_ROW = 60;

/**
 * Vietnamese working days (public sector: Monday to Friday) with the official holidays and swaps
 * of a `CalendarTable`, and the Civil Code 2015 rules for counting periods. All dates are local
 * `YYYY-MM-DD` strings in Vietnam; all instants are epoch milliseconds.
 */
export class WorkingCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly workingWeekendDays: ReadonlySet<string>;
  private readonly offsetMs: number;

  /** @throws ValidationError when the table is malformed, so a bad edit fails at start-up, not at a deadline. */
  constructor(table: CalendarTable) {
    const valid = parseCalendarTable(table);
    this.holidays = new Set(valid.holidays.map((day) => day.date));
    this.workingWeekendDays = new Set(valid.workingWeekendDays.map((day) => day.date));
    this.offsetMs = valid.utcOffsetMinutes * 60_000;
  }

  /** Monday to Friday minus holidays, plus the weekend days worked in exchange. */
  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(parseLocalDate(date));
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    return formatLocalDate(this.stepToWorkingDay(parseLocalDate(date), 1));
  }

  /**
   * The n-th working day after `date`, not counting `date` itself (n < 0 counts backwards);
   * n = 0 returns `date` unchanged.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isSafeInteger(n)) throw new ValidationError('days', 'must be a whole number');
    let day = parseLocalDate(date);
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; left -= 1) day = this.stepToWorkingDay(day, step);
    return formatLocalDate(day);
  }

  /**
   * The last day of a period of `days` days starting on `start` (Civil Code 2015, art. 147–148):
   * the first day is not counted; a period ending on a day off ends at the end of the next working
   * day. In working days the end is always a working day.
   */
  periodEnd(start: string, days: number, unit: 'calendar' | 'working'): string {
    if (!Number.isSafeInteger(days) || days < 0) throw new ValidationError('days', 'must be a whole number of days, zero or more');
    if (unit === 'working') return this.addWorkingDays(start, days);
    if (unit !== 'calendar') throw new ValidationError('unit', 'must be "calendar" or "working"');
    const end = parseLocalDate(start, 'start') + days;
    return formatLocalDate(this.isWorkingDayNumber(end) ? end : this.stepToWorkingDay(end, 1));
  }

  /** The last millisecond of `date` in Vietnam (23:59:59.999 at UTC+07:00): a deadline "on" a day lasts all of it. */
  endOfDay(date: string): number {
    return (parseLocalDate(date) + 1) * MS_PER_DAY - 1 - this.offsetMs;
  }

  /** A deadline given as a date: end of that day, or of the next working day when the date is a day off. */
  deadlineFromDate(date: string): number {
    const day = parseLocalDate(date);
    return this.endOfDay(formatLocalDate(this.isWorkingDayNumber(day) ? day : this.stepToWorkingDay(day, 1)));
  }

  /** The Vietnamese calendar date (`YYYY-MM-DD`) of an instant. */
  localDate(epochMs: number): string {
    if (!Number.isFinite(epochMs)) throw new ValidationError('epochMs', 'must be an instant in epoch milliseconds');
    return formatLocalDate(Math.floor((epochMs + this.offsetMs) / MS_PER_DAY));
  }

  private isWorkingDayNumber(day: number): boolean {
    const date = formatLocalDate(day);
    if (this.workingWeekendDays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const weekday = weekdayOf(day);
    return weekday !== 0 && weekday !== 6;
  }

  /** The nearest working day strictly after (step 1) or before (step -1) `day`. */
  private stepToWorkingDay(day: number, step: 1 | -1): number {
    for (let next = day + step, i = 0; i < MAX_DAYS_OFF_IN_A_ROW; next += step, i += 1) {
      if (this.isWorkingDayNumber(next)) return next;
    }
    throw new ValidationError('calendar', `has more than ${MAX_DAYS_OFF_IN_A_ROW} days off in a row near ${formatLocalDate(day)}`);
  }
}

/** The official Vietnamese table shipped with Dondoc (data/vn-calendar.json), validated on load. */
export const vietnamCalendarTable: CalendarTable = deepFreeze(parseCalendarTable(vnCalendarData, 'vn-calendar.json'));

function deepFreeze(table: CalendarTable): CalendarTable {
  // Shared by every workflow in a worker: an accidental push must fail loudly, not move deadlines.
  for (const day of [...table.holidays, ...table.workingWeekendDays]) Object.freeze(day);
  Object.freeze(table.holidays);
  Object.freeze(table.workingWeekendDays);
  return Object.freeze(table);
}

let shared: WorkingCalendar | undefined;

/** The calendar every deadline uses unless a test or a tenant supplies its own table; built once, immutable. */
export function vietnamCalendar(): WorkingCalendar {
  shared ??= new WorkingCalendar(vietnamCalendarTable);
  return shared;
}
