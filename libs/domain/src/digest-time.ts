import type { WorkingCalendar } from './calendar';
import { ValidationError } from './errors';
import { MS_PER_DAY, VIETNAM_UTC_OFFSET_MINUTES, parseLocalDate } from './local-date';

/** When the daily digest goes out by default: at the start of the public sector's office day. */
export const DEFAULT_DIGEST_AT = '07:30';

/** The setting's name, so a refusal names what to fix. */
const SETTING = 'DONDOC_DIGEST_AT';

const CLOCK = /^(\d{2}):(\d{2})$/;

/**
 * Reads `DONDOC_DIGEST_AT`: `HH:MM`, 24-hour, Vietnam time; unset or blank means 07:30. Returns
 * minutes after local midnight.
 * @throws ValidationError naming the setting when the text is not a time of day.
 */
export function parseDigestAt(text: string | undefined): number {
  const value = (text ?? '').trim() || DEFAULT_DIGEST_AT;
  const match = CLOCK.exec(value);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (match === null || hour > 23 || minute > 59)
    throw new ValidationError(
      SETTING,
      `must be a time of day such as ${DEFAULT_DIGEST_AT} (24-hour, Vietnam time); got "${value}"`,
    );
  return hour * 60 + minute;
}

/** One day's digest: the Vietnamese working day it is for and the instant it goes out. */
export interface DigestDay {
  /** `YYYY-MM-DD` in Vietnam: with the contact, the key that makes a digest go out once. */
  date: string;
  /** Epoch ms: `minuteOfDay` on `date`, Vietnam time. */
  at: number;
}

/**
 * The first digest strictly after `after`: `minuteOfDay` on the same day if that is a working day
 * of `calendar` and the time is still ahead, else on the next working day (weekends, holidays and
 * Tết are skipped; a Saturday worked in exchange gets one).
 */
export function nextDigestDay(after: number, minuteOfDay: number, calendar: WorkingCalendar): DigestDay {
  if (!Number.isFinite(after)) throw new ValidationError('after', 'must be an instant in epoch milliseconds');
  const at = (date: string): number =>
    parseLocalDate(date) * MS_PER_DAY + (minuteOfDay - VIETNAM_UTC_OFFSET_MINUTES) * 60_000;
  const today = calendar.localDate(after);
  if (calendar.isWorkingDay(today) && at(today) > after) return { date: today, at: at(today) };
  const next = calendar.nextWorkingDay(today);
  return { date: next, at: at(next) };
}
