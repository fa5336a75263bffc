import vnCalendarData from './data/vn-calendar.json';
import { ValidationError } from './errors';
import {
  announcedDaysOfTable,
  parseCalendarTable,
  type AnnouncedDay,
  type AnnouncedDayKind,
  type CalendarTable,
} from './calendar-table';
import { CALENDAR_YEAR_RANGE, statutoryDaysOff } from './calendar-rules';
import { MS_PER_DAY, VIETNAM_UTC_OFFSET_MINUTES, formatLocalDate, parseLocalDate, weekdayOf } from './local-date';

/**
 * A calendar as plain data, small enough to travel in a workflow's input: the statutory rules
 * (computed for any year) and the days announced on top of them, which win date by date.
 */
export interface CalendarDefinition {
  statutory: boolean;
  announced: readonly AnnouncedDay[];
  /** The stored calendar's revision it was taken at, so an older copy never replaces a newer one. */
  revision?: number;
}

/** One day of a year that differs from the Monday–Friday week, or a holiday on a weekend, and why. */
export interface CalendarEntry {
  date: string;
  kind: AnnouncedDayKind;
  name: string;
  source: string | null;
  /** True when the statutory rules give the day and nothing announced replaces it. */
  computed: boolean;
}

/** Longest run of days off we accept before suspecting a broken table (Tết is at most ~10 days). */
const MAX_DAYS_OFF_IN_A_ROW = 60;

/**
 * Vietnamese working days (public sector: Monday to Friday) with the statutory holidays (when
 * built with the rules), the announced days off and days worked over them, and the Civil Code
 * 2015 rules for counting periods. All dates are local `YYYY-MM-DD` strings in Vietnam; all
 * instants are epoch milliseconds.
 */
export class WorkingCalendar {
  private readonly announced: ReadonlyMap<string, AnnouncedDay>;
  private readonly statutory: boolean;
  private readonly statutoryByYear = new Map<number, ReadonlySet<string>>();
  private readonly offsetMs = VIETNAM_UTC_OFFSET_MINUTES * 60_000;
  /** The data this calendar was built from, to hand to a workflow. */
  readonly definition: CalendarDefinition;

  /**
   * From a table alone (the days it lists, nothing computed), or from a definition.
   * @throws ValidationError when the table is malformed, so a bad edit fails at start-up, not at a deadline.
   */
  constructor(source: CalendarTable | CalendarDefinition) {
    const definition: CalendarDefinition =
      typeof source === 'object' && source !== null && 'announced' in source
        ? { statutory: source.statutory, announced: [...source.announced] }
        : { statutory: false, announced: announcedDaysOfTable(parseCalendarTable(source)) };
    this.statutory = definition.statutory;
    this.announced = new Map(definition.announced.map((day) => [day.date, day]));
    this.definition = definition;
  }

  /** Statutory rules plus the given announced days: the calendar the API and the workflows use. */
  static of(announced: readonly AnnouncedDay[]): WorkingCalendar {
    return new WorkingCalendar({ statutory: true, announced });
  }

  /**
   * Every day of `year` that differs from the Monday–Friday week (a weekday off, a weekend day
   * worked) plus the statutory holidays that fall on a weekend, each with why; in date order.
   */
  entriesOf(year: number): CalendarEntry[] {
    const entries = new Map<string, CalendarEntry>();
    if (this.statutory) {
      for (const day of statutoryDaysOff(year))
        entries.set(day.date, { date: day.date, kind: 'day_off', name: day.name, source: day.source, computed: true });
    }
    for (const day of this.announced.values()) {
      if (day.date.startsWith(`${year}-`))
        entries.set(day.date, { date: day.date, kind: day.kind, name: day.name, source: day.source, computed: false });
    }
    return [...entries.values()].sort((a, b) => a.date.localeCompare(b.date));
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
    if (!Number.isSafeInteger(days) || days < 0)
      throw new ValidationError('days', 'must be a whole number of days, zero or more');
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

  /**
   * The end of the `n`-th working day after the day of `from` (Civil Code 2015 art. 147–148: the
   * first day is not counted), at `endsAt` Vietnam time: '24:00' is the last millisecond of the day,
   * '17:00' the end of office hours.
   */
  workingDaysLater(from: number, n: number, endsAt: WorkingDayEnd): number {
    if (!Number.isSafeInteger(n) || n < 1)
      throw new ValidationError('workingDays', 'must be a whole number of working days, 1 or more');
    const end = this.endOfDay(this.addWorkingDays(this.localDate(from), n));
    return endsAt === '17:00' ? end + 1 - 7 * 3_600_000 : end;
  }

  /** The instant `n` working days before (n < 0) or after `at`, at the same Vietnamese time of day. */
  shiftWorkingDays(at: number, n: number): number {
    const day = this.localDate(at);
    const timeOfDay = at + this.offsetMs - parseLocalDate(day) * MS_PER_DAY;
    return parseLocalDate(this.addWorkingDays(day, n)) * MS_PER_DAY + timeOfDay - this.offsetMs;
  }

  private isWorkingDayNumber(day: number): boolean {
    const date = formatLocalDate(day);
    const announced = this.announced.get(date);
    if (announced !== undefined) return announced.kind === 'working_day';
    if (this.statutory && this.statutoryDaysOf(date).has(date)) return false;
    const weekday = weekdayOf(day);
    return weekday !== 0 && weekday !== 6;
  }

  /** The statutory days off of the date's year, computed once per year; none outside the rules' years. */
  private statutoryDaysOf(date: string): ReadonlySet<string> {
    const year = Number(date.slice(0, 4));
    let days = this.statutoryByYear.get(year);
    if (days === undefined) {
      days =
        year < CALENDAR_YEAR_RANGE.min || year > CALENDAR_YEAR_RANGE.max
          ? new Set()
          : new Set(statutoryDaysOff(year).map((day) => day.date));
      this.statutoryByYear.set(year, days);
    }
    return days;
  }

  /** The nearest working day strictly after (step 1) or before (step -1) `day`. */
  private stepToWorkingDay(day: number, step: 1 | -1): number {
    for (let next = day + step, i = 0; i < MAX_DAYS_OFF_IN_A_ROW; next += step, i += 1) {
      if (this.isWorkingDayNumber(next)) return next;
    }
    throw new ValidationError(
      'calendar',
      `has more than ${MAX_DAYS_OFF_IN_A_ROW} days off in a row near ${formatLocalDate(day)}`,
    );
  }
}

/** The official Vietnamese table shipped with Dondoc (data/vn-calendar.json), validated on load. */
export const vietnamCalendarTable: CalendarTable = deepFreeze(parseCalendarTable(vnCalendarData, 'vn-calendar.json'));

function deepFreeze(table: CalendarTable): CalendarTable {
  // Shared by every workflow in a worker: an accidental push must fail loudly, not move deadlines.
  for (const list of [table.holidays, table.workingWeekendDays, table.statutoryDaysWorked ?? []]) {
    for (const day of list) Object.freeze(day);
    Object.freeze(list);
  }
  return Object.freeze(table);
}

/** Where a term counted in working days ends on its last day: end of office hours or end of the day. */
export type WorkingDayEnd = '17:00' | '24:00';

let shared: WorkingCalendar | undefined;
let tableOnly: WorkingCalendar | undefined;

/**
 * The shipped calendar: the statutory rules for any year plus the shipped table's announced days
 * (2024–2026); built once. The API uses the stored calendar instead, which starts as this one.
 */
export function vietnamCalendar(): WorkingCalendar {
  shared ??= WorkingCalendar.of(announcedDaysOfTable(vietnamCalendarTable, 'vn-calendar.json'));
  return shared;
}

/** The shipped table without the statutory rules: what workflows started before those rules computed with. */
export function vietnamTableCalendar(): WorkingCalendar {
  tableOnly ??= new WorkingCalendar(vietnamCalendarTable);
  return tableOnly;
}
