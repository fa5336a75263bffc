import { ValidationError } from './errors';
import { addDuration, isZeroDuration, parseIsoDuration, scaleDuration, type IsoDuration } from './duration';
import { vietnamCalendar, type WorkingCalendar } from './calendar';
import { parseLocalDate } from './local-date';

/**
 * A periodic report ("định kỳ báo cáo"): the assignment repeats, one task per period, each with
 * its own deadline. Either every `every` (an ISO-8601 duration of whole years, months, weeks or
 * days, e.g. P1M or P3M), counted from the first deadline, or on `dayOfMonth` of each month. No
 * period is due after `until` (a Vietnamese date, inclusive). Plain JSON: it lives in the read
 * model and in workflow inputs unchanged.
 */
export interface Recurrence {
  every?: string;
  dayOfMonth?: number;
  until: string;
}

/** Most periods one series may have: a century of daily reports is a typo, not a plan. */
export const MAX_PERIODS = 1_000;

const KNOWN_KEYS: readonly string[] = ['every', 'dayOfMonth', 'until'];

/**
 * Validates an untrusted recurrence against the assignment's first deadline. Errors name the
 * exact field, e.g. `assignments[0].recurrence.every`.
 * @throws ValidationError when it is not an object, has unknown keys, has both or neither of
 *   `every` and `dayOfMonth`, a duration with time parts or of zero length, a day outside 1–31,
 *   an `until` that is not a date on or after the first deadline's day, or more than
 *   {@link MAX_PERIODS} periods.
 */
export function parseRecurrence(
  input: unknown,
  firstDueAt: number,
  field = 'recurrence',
  calendar: WorkingCalendar = vietnamCalendar(),
): Recurrence {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError(field, 'must be an object with `every` or `dayOfMonth`, and `until`');
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.includes(key)) throw new ValidationError(`${field}.${key}`, 'is not a known field');
  }
  const hasEvery = raw.every !== undefined && raw.every !== null;
  const hasDay = raw.dayOfMonth !== undefined && raw.dayOfMonth !== null;
  if (hasEvery === hasDay) throw new ValidationError(field, 'must give exactly one of `every` and `dayOfMonth`');

  const result: Recurrence = { until: '' };
  if (hasEvery) {
    const every = typeof raw.every === 'string' ? raw.every : '';
    const duration = parseIsoDuration(every, `${field}.every`);
    if (hasTimeParts(duration))
      throw new ValidationError(`${field}.every`, 'must count whole years, months, weeks or days, such as P1M or P3M');
    if (isZeroDuration(duration)) throw new ValidationError(`${field}.every`, 'must be longer than zero');
    result.every = every;
  } else {
    const day = raw.dayOfMonth;
    if (typeof day !== 'number' || !Number.isInteger(day) || day < 1 || day > 31) {
      throw new ValidationError(`${field}.dayOfMonth`, 'must be a whole number from 1 to 31');
    }
    result.dayOfMonth = day;
  }

  if (raw.until === undefined || raw.until === null)
    throw new ValidationError(`${field}.until`, 'is required: the last day a period may be due');
  parseLocalDate(raw.until, `${field}.until`);
  const until = raw.until as string;
  const firstDay = calendar.localDate(firstDueAt);
  if (until < firstDay)
    throw new ValidationError(`${field}.until`, `must not be before the first deadline (${firstDay})`);
  result.until = until;
  // Period MAX_PERIODS is the 1,001st; computing it alone is as cheap as the first.
  if (periodDeadline(firstDueAt, result, MAX_PERIODS, calendar) !== undefined) {
    throw new ValidationError(
      `${field}.until`,
      `gives more than ${MAX_PERIODS} periods; a series may have at most ${MAX_PERIODS}`,
    );
  }
  return result;
}

/**
 * Period `n`'s deadline (n = 0 is the assignment's own deadline), or undefined when period `n`
 * would fall after `until`.
 *
 * - `every`: the first deadline moved by n × every, computed from the first deadline each time
 *   (never chained), so month clamping does not drift: 31 Jan, 28 Feb, 31 Mar, 30 Apr, ….
 * - `dayOfMonth`: the end of that day (clamped to the month's last day) in the n-th month after
 *   the first deadline's month.
 *
 * A period is kept when its nominal day is on or before `until`; a nominal day that is a day off
 * then moves to the end of the next working day (Civil Code 2015, art. 148).
 */
export function periodDeadline(
  firstDueAt: number,
  recurrence: Recurrence,
  n: number,
  calendar: WorkingCalendar = vietnamCalendar(),
): number | undefined {
  if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError('period', 'must be a whole number, zero or more');
  if (n === 0) return firstDueAt;
  let nominal: number;
  if (recurrence.every !== undefined) {
    nominal = addDuration(firstDueAt, scaleDuration(parseIsoDuration(recurrence.every, 'recurrence.every'), n));
  } else {
    const first = calendar.localDate(firstDueAt);
    const [y, m] = first.split('-').map(Number) as [number, number];
    const monthStart = new Date(Date.UTC(y, m - 1 + n, 1));
    const daysInMonth = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 0)).getUTCDate();
    const day = Math.min(recurrence.dayOfMonth ?? 1, daysInMonth);
    nominal = calendar.endOfDay(`${monthStart.toISOString().slice(0, 8)}${String(day).padStart(2, '0')}`);
  }
  const nominalDay = calendar.localDate(nominal);
  if (nominalDay > recurrence.until) return undefined;
  if (calendar.isWorkingDay(nominalDay)) return nominal;
  return calendar.endOfDay(calendar.nextWorkingDay(nominalDay));
}

function hasTimeParts(d: IsoDuration): boolean {
  return d.hours !== 0 || d.minutes !== 0 || d.seconds !== 0;
}
