import { ValidationError } from './errors';
import { parseLocalDate, weekdayOf } from './local-date';

/** A named date in the calendar table. */
export interface CalendarDay {
  /** `YYYY-MM-DD`, local date in Vietnam. */
  date: string;
  /** Why the day is special, as officially announced. */
  name: string;
}

/**
 * The working-day calendar as data. Holidays, compensatory days and swapped days are announced
 * each year by the government, so they are edited in a table, never written as code.
 */
export interface CalendarTable {
  timeZone: 'Asia/Ho_Chi_Minh';
  utcOffsetMinutes: 420;
  /** Days off that would otherwise be working days: public holidays, compensatory days, weekdays swapped off. A holiday on a weekend may be listed too; it changes nothing. */
  holidays: CalendarDay[];
  /** Saturdays or Sundays worked in exchange for a weekday off. */
  workingWeekendDays: CalendarDay[];
  /** Weekdays the statutory rules would give off but an announced schedule keeps as working days (only with those rules). */
  statutoryDaysWorked?: CalendarDay[];
}

/** What an announcement makes of a day: a day off, or a working day (a swapped Saturday, a statutory day moved). */
export type AnnouncedDayKind = 'day_off' | 'working_day';

/** Every kind of announced day, for validation and for the database's check. */
export const ANNOUNCED_DAY_KINDS: readonly AnnouncedDayKind[] = Object.freeze(['day_off', 'working_day']);

/** A day the Government announces for one year, which overrides the statutory rules for that date. */
export interface AnnouncedDay {
  /** `YYYY-MM-DD`, local date in Vietnam. */
  date: string;
  kind: AnnouncedDayKind;
  name: string;
  /** The announcing document, e.g. "Công văn 12729/VPCP-KGVX"; null when unknown. */
  source: string | null;
}

/** The shipped table as announced days: its holidays off, its worked weekend days and statutory days worked. */
export function announcedDaysOfTable(table: CalendarTable, source: string | null = null): AnnouncedDay[] {
  return [
    ...table.holidays.map((day): AnnouncedDay => ({ date: day.date, kind: 'day_off', name: day.name, source })),
    ...table.workingWeekendDays.map((day): AnnouncedDay => ({
      date: day.date,
      kind: 'working_day',
      name: day.name,
      source,
    })),
    ...(table.statutoryDaysWorked ?? []).map((day): AnnouncedDay => ({
      date: day.date,
      kind: 'working_day',
      name: day.name,
      source,
    })),
  ].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Checks an untrusted table (the JSON file, or one supplied by configuration) and returns it typed.
 * Keys starting with "_" are comments and are ignored.
 * @throws ValidationError naming the exact entry, e.g. `calendar.holidays[3].date`.
 */
export function parseCalendarTable(input: unknown, field = 'calendar'): CalendarTable {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError(
      field,
      'must be an object with timeZone, utcOffsetMinutes, holidays and workingWeekendDays',
    );
  }
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (
      !key.startsWith('_') &&
      !['timeZone', 'utcOffsetMinutes', 'holidays', 'workingWeekendDays', 'statutoryDaysWorked'].includes(key)
    ) {
      throw new ValidationError(`${field}.${key}`, 'is not a known setting');
    }
  }
  if (record.timeZone !== 'Asia/Ho_Chi_Minh')
    throw new ValidationError(`${field}.timeZone`, 'must be "Asia/Ho_Chi_Minh"');
  if (record.utcOffsetMinutes !== 420)
    throw new ValidationError(`${field}.utcOffsetMinutes`, 'must be 420 (UTC+07:00)');
  const holidays = parseDays(record.holidays, `${field}.holidays`);
  const workingWeekendDays = parseDays(record.workingWeekendDays, `${field}.workingWeekendDays`);

  const holidayDates = new Set(holidays.map((day) => day.date));
  workingWeekendDays.forEach((day, i) => {
    const weekday = weekdayOf(parseLocalDate(day.date));
    if (weekday !== 0 && weekday !== 6) {
      throw new ValidationError(`${field}.workingWeekendDays[${i}].date`, 'is not a Saturday or Sunday');
    }
    if (holidayDates.has(day.date)) {
      throw new ValidationError(`${field}.workingWeekendDays[${i}].date`, 'is also listed as a holiday');
    }
  });
  if (record.statutoryDaysWorked === undefined)
    return { timeZone: 'Asia/Ho_Chi_Minh', utcOffsetMinutes: 420, holidays, workingWeekendDays };
  const statutoryDaysWorked = parseDays(record.statutoryDaysWorked, `${field}.statutoryDaysWorked`);
  statutoryDaysWorked.forEach((day, i) => {
    if (holidayDates.has(day.date))
      throw new ValidationError(`${field}.statutoryDaysWorked[${i}].date`, 'is also listed as a holiday');
  });
  return { timeZone: 'Asia/Ho_Chi_Minh', utcOffsetMinutes: 420, holidays, workingWeekendDays, statutoryDaysWorked };
}

function parseDays(value: unknown, field: string): CalendarDay[] {
  if (!Array.isArray(value)) throw new ValidationError(field, 'must be a list of { date, name }');
  const seen = new Set<string>();
  return value.map((entry: unknown, i) => {
    const entryField = `${field}[${i}]`;
    if (typeof entry !== 'object' || entry === null) throw new ValidationError(entryField, 'must be { date, name }');
    const { date, name } = entry as Record<string, unknown>;
    parseLocalDate(date, `${entryField}.date`);
    if (typeof name !== 'string' || name.trim() === '')
      throw new ValidationError(`${entryField}.name`, 'must be a non-empty text');
    const text = date as string;
    if (seen.has(text)) throw new ValidationError(`${entryField}.date`, 'repeats an earlier entry');
    seen.add(text);
    return { date: text, name };
  });
}
