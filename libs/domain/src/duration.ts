import { ValidationError } from './errors';
import { MS_PER_DAY, VIETNAM_UTC_OFFSET_MINUTES } from './local-date';

/**
 * An ISO-8601 duration kept by component, because a month is not a fixed number of days:
 * "P1M" after 31 January is the end of February, not 30 days later.
 */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  /** May carry up to three decimals (milliseconds), e.g. 1.5 from "PT1.5S". */
  seconds: number;
}

const DURATION_PROBLEM = 'must be an ISO-8601 duration such as P3D or PT2H';

// P, then date parts, then T and time parts. "(?!$)" rejects a bare "P"; "T(?=\d)" rejects "PT" and "P1DT".
const ISO_DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d{1,3})?)S)?)?$/;

const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;
const VIETNAM_OFFSET_MS = VIETNAM_UTC_OFFSET_MINUTES * MS_PER_MINUTE;
/** ECMAScript's time range; anything beyond is not a date. */
const MAX_EPOCH_MS = 8.64e15;

/**
 * Reads an ISO-8601 duration (P1Y2M3W4DT5H6M7.5S; any part may be left out). Only seconds may
 * have a fraction, to the millisecond. Negative durations are not accepted: callers say "before"
 * or "after" instead.
 * @throws ValidationError naming `field` when the text is not such a duration.
 */
export function parseIsoDuration(text: string, field = 'duration'): IsoDuration {
  const match = typeof text === 'string' ? ISO_DURATION.exec(text) : null;
  if (!match) throw new ValidationError(field, DURATION_PROBLEM);
  const [, years, months, weeks, days, hours, minutes, seconds] = match;
  const duration: IsoDuration = {
    years: Number(years ?? 0),
    months: Number(months ?? 0),
    weeks: Number(weeks ?? 0),
    days: Number(days ?? 0),
    hours: Number(hours ?? 0),
    minutes: Number(minutes ?? 0),
    seconds: Number((seconds ?? '0').replace(',', '.')),
  };
  if (Object.values(duration).some((n) => !Number.isFinite(n) || n > Number.MAX_SAFE_INTEGER)) {
    throw new ValidationError(field, 'is too long');
  }
  return duration;
}

/** True when the duration moves no instant; such a duration is useless as a reminder or repeat interval. */
export function isZeroDuration(d: IsoDuration): boolean {
  return (
    d.years === 0 &&
    d.months === 0 &&
    d.weeks === 0 &&
    d.days === 0 &&
    d.hours === 0 &&
    d.minutes === 0 &&
    d.seconds === 0
  );
}

/**
 * The least time the duration can span, counting a month as 28 days and a year as 365: enough to
 * compare an interval with a lower limit without knowing where on the calendar it starts.
 */
export function shortestSpanMs(d: IsoDuration): number {
  return (
    (d.years * 365 + d.months * 28 + d.weeks * 7 + d.days) * MS_PER_DAY +
    d.hours * MS_PER_HOUR +
    d.minutes * MS_PER_MINUTE +
    Math.round(d.seconds * 1000)
  );
}

/** The duration repeated `factor` times, component by component (2 × P1M = P2M, never P60D). */
export function scaleDuration(d: IsoDuration, factor: number): IsoDuration {
  return {
    years: d.years * factor,
    months: d.months * factor,
    weeks: d.weeks * factor,
    days: d.days * factor,
    hours: d.hours * factor,
    minutes: d.minutes * factor,
    seconds: Math.round(d.seconds * factor * 1000) / 1000,
  };
}

/** Canonical ISO-8601 text of a duration, used to label events ("P2D after"). Zero is "PT0S". */
export function formatIsoDuration(d: IsoDuration): string {
  const date = part(d.years, 'Y') + part(d.months, 'M') + part(d.weeks, 'W') + part(d.days, 'D');
  const time = part(d.hours, 'H') + part(d.minutes, 'M') + part(Math.round(d.seconds * 1000) / 1000, 'S');
  if (date === '' && time === '') return 'PT0S';
  return `P${date}${time === '' ? '' : `T${time}`}`;
}

function part(value: number, unit: string): string {
  return value === 0 ? '' : `${value}${unit}`;
}

/**
 * Moves an instant by a duration (`sign` -1 moves it back). Years and months follow the calendar
 * in Vietnam time (UTC+07:00), keeping the time of day and clamping the day of month (31 Jan + P1M
 * = 28 or 29 Feb); weeks, days and time parts are fixed lengths, which is exact because Vietnam
 * has no daylight saving. Calendar parts are applied first, as in ISO 8601 and Temporal.
 * @throws ValidationError when the result falls outside the representable range of dates.
 */
export function addDuration(epochMs: number, d: IsoDuration, sign: 1 | -1 = 1): number {
  let result = epochMs;
  const months = d.years * 12 + d.months;
  if (months !== 0) result = addCalendarMonths(result, sign * months);
  const fixedMs =
    d.weeks * 7 * MS_PER_DAY +
    d.days * MS_PER_DAY +
    d.hours * MS_PER_HOUR +
    d.minutes * MS_PER_MINUTE +
    Math.round(d.seconds * 1000);
  result += sign * fixedMs;
  if (!Number.isFinite(result) || Math.abs(result) > MAX_EPOCH_MS) {
    throw new ValidationError('duration', 'moves the date out of the supported range');
  }
  return result;
}

function addCalendarMonths(epochMs: number, months: number): number {
  const local = new Date(epochMs + VIETNAM_OFFSET_MS);
  const timeOfDay =
    epochMs + VIETNAM_OFFSET_MS - Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const targetMonthStart = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + months, 1));
  const year = targetMonthStart.getUTCFullYear();
  const month = targetMonthStart.getUTCMonth();
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), daysInMonth);
  return Date.UTC(year, month, day) + timeOfDay - VIETNAM_OFFSET_MS;
}
