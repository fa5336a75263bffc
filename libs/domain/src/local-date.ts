import { ValidationError } from './errors';

/** Length of a civil day. Vietnam has kept UTC+07:00 without daylight saving since 1975, so every day has it. */
export const MS_PER_DAY = 86_400_000;

/** Vietnam's fixed offset from UTC (Asia/Ho_Chi_Minh), the zone every deadline is read in. */
export const VIETNAM_UTC_OFFSET_MINUTES = 420;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Turns a `YYYY-MM-DD` civil date into a day number (days since 1970-01-01), so date arithmetic
 * is plain integer arithmetic. Rejects impossible dates such as 2025-02-30.
 */
export function parseLocalDate(text: unknown, field = 'date'): number {
  const match = typeof text === 'string' ? LOCAL_DATE.exec(text) : null;
  if (match) {
    const [, y, m, d] = match;
    const year = Number(y);
    const month = Number(m);
    const day = Number(d);
    const ms = Date.UTC(year, month - 1, day);
    const check = new Date(ms);
    // Date.UTC maps years 0–99 to 1900–1999, and silently rolls over day 30 of February.
    if (
      year >= 1000 &&
      check.getUTCFullYear() === year &&
      check.getUTCMonth() === month - 1 &&
      check.getUTCDate() === day
    ) {
      return ms / MS_PER_DAY;
    }
  }
  throw new ValidationError(field, 'must be a date written YYYY-MM-DD, such as 2025-04-30');
}

/** The `YYYY-MM-DD` text of a day number; inverse of `parseLocalDate`. */
export function formatLocalDate(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday, as `Date#getUTCDay`. */
export function weekdayOf(dayNumber: number): number {
  return new Date(dayNumber * MS_PER_DAY).getUTCDay();
}
