import type { WorkingCalendar } from './calendar';
import { ValidationError } from './errors';
import { MS_PER_DAY, VIETNAM_UTC_OFFSET_MINUTES, parseLocalDate } from './local-date';

/** The office hours of Vietnam's public sector: notices are sent inside them unless told otherwise. */
export const DEFAULT_WORKING_HOURS = '07:30-17:00';

/** The setting's name, so a refusal names what to fix. */
const SETTING = 'DONDOC_WORKING_HOURS';

/**
 * When notices may be sent: `always`, or a daily window in Vietnam time on the calendar's working
 * days. Minutes count from local midnight; the window holds [start, end): at 17:00 it is closed.
 */
export type WorkingHours = { kind: 'always' } | { kind: 'window'; startMinute: number; endMinute: number };

/** Whether an instant may be sent now and, if not, when the next working period starts. */
export type DeliveryWindow = { inside: true; sendAt: number } | { inside: false; sendAt: number };

const WINDOW = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/**
 * Reads `DONDOC_WORKING_HOURS`: `HH:MM-HH:MM` (24-hour, Vietnam time; the end may be `24:00`) or
 * `always`, which turns holding off. Unset or blank means the default, 07:30-17:00.
 * @throws ValidationError naming the setting when the text is neither, or the window is empty.
 */
export function parseWorkingHours(text: string | undefined): WorkingHours {
  const value = (text ?? '').trim() || DEFAULT_WORKING_HOURS;
  if (value.toLowerCase() === 'always') return { kind: 'always' };
  const match = WINDOW.exec(value);
  const startMinute = match ? clockMinute(match[1], match[2], false) : undefined;
  const endMinute = match ? clockMinute(match[3], match[4], true) : undefined;
  if (startMinute === undefined || endMinute === undefined) {
    throw new ValidationError(
      SETTING,
      `must be "always" or a window such as ${DEFAULT_WORKING_HOURS} (24-hour, Vietnam time); got "${value}"`,
    );
  }
  if (startMinute >= endMinute) throw new ValidationError(SETTING, `must end after it starts; got "${value}"`);
  return { kind: 'window', startMinute, endMinute };
}

/** The setting as it is written, for logs and the health details. */
export function formatWorkingHours(hours: WorkingHours): string {
  if (hours.kind === 'always') return 'always';
  return `${formatClock(hours.startMinute)}-${formatClock(hours.endMinute)}`;
}

/**
 * Whether a notice due at `at` may be sent then (inside working hours on a working day of
 * `calendar`) and otherwise the start of the next working period: later the same working day
 * when it is before the window opens, else the window's start on the next working day (a
 * swapped Saturday that is worked counts; Tết and weekends do not).
 */
export function deliveryWindow(at: number, hours: WorkingHours, calendar: WorkingCalendar): DeliveryWindow {
  if (!Number.isFinite(at)) throw new ValidationError('at', 'must be an instant in epoch milliseconds');
  if (hours.kind === 'always') return { inside: true, sendAt: at };
  const offsetMs = VIETNAM_UTC_OFFSET_MINUTES * 60_000;
  const date = calendar.localDate(at);
  const dayStart = parseLocalDate(date) * MS_PER_DAY - offsetMs;
  const sinceMidnight = at - dayStart;
  const opens = hours.startMinute * 60_000;
  if (calendar.isWorkingDay(date)) {
    if (sinceMidnight >= opens && sinceMidnight < hours.endMinute * 60_000) return { inside: true, sendAt: at };
    if (sinceMidnight < opens) return { inside: false, sendAt: dayStart + opens };
  }
  const next = calendar.nextWorkingDay(date);
  return { inside: false, sendAt: parseLocalDate(next) * MS_PER_DAY - offsetMs + opens };
}

/** True when a notice due at `at` is sent at once rather than held. */
export function isWithinWorkingHours(at: number, hours: WorkingHours, calendar: WorkingCalendar): boolean {
  return deliveryWindow(at, hours, calendar).inside;
}

/**
 * Working days left before a deadline, counted from the day after `at` up to the deadline's day
 * (Civil Code 2015 art. 147: the first day is not counted): a reminder on Thursday for a deadline
 * on Friday says 1; on the deadline's own day, 0; after it, 0.
 */
export function workingDaysUntil(at: number, dueAt: number, calendar: WorkingCalendar): number {
  const dueDate = calendar.localDate(dueAt);
  let count = 0;
  // Bounded by the deadline; a reminder is never years ahead, but a bad input must not spin.
  for (
    let day = calendar.nextWorkingDay(calendar.localDate(at));
    day <= dueDate && count < 10_000;
    day = calendar.nextWorkingDay(day)
  )
    count += 1;
  return count;
}

function clockMinute(hourText: string | undefined, minuteText: string | undefined, isEnd: boolean): number | undefined {
  const hour = Number(hourText);
  const minute = Number(minuteText);
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || minute > 59) return undefined;
  if (hour === 24 && minute === 0 && isEnd) return 24 * 60;
  return hour <= 23 ? hour * 60 + minute : undefined;
}

function formatClock(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}
