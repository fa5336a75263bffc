import type { WorkingCalendar } from '@dondoc/domain';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads a deadline: an ISO-8601 date-time with its offset, or a date meaning the end of that
 * day in Vietnam — moved to the end of the next working day when the date is a day off
 * (Civil Code 2015, art. 148) by `calendar`, the stored one. Returns an error text when the value is not one of those.
 */
export function parseDeadline(value: string, calendar: WorkingCalendar): { at: Date } | { problem: string } {
  if (DATE_ONLY.test(value)) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
      return { problem: 'is not a real date' };
    return { at: new Date(calendar.deadlineFromDate(value)) };
  }
  return parseInstant(value);
}

/** Reads an ISO-8601 date-time with an explicit offset (or a date, meaning its start in Vietnam). */
export function parseInstant(value: string): { at: Date } | { problem: string } {
  if (DATE_ONLY.test(value)) value = `${value}T00:00:00+07:00`;
  if (!DATE_TIME.test(value))
    return {
      problem: 'must be an ISO-8601 date-time with an offset, e.g. 2026-12-20T17:00:00+07:00, or a date YYYY-MM-DD',
    };
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return { problem: 'is not a real date-time' };
  return { at };
}
