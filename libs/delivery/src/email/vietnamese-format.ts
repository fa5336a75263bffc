import { MS_PER_DAY, VIETNAM_UTC_OFFSET_MINUTES, parseIsoDuration } from '@dondoc/domain';

/** Weekday names as Vietnamese letters write them, Sunday first (as `Date#getUTCDay`). */
const WEEKDAYS = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'] as const;

const two = (n: number): string => String(n).padStart(2, '0');

/** The Vietnam wall clock of an instant, read from a shifted UTC date (Vietnam keeps UTC+7 all year). */
function vietnamClock(epochMs: number): Date {
  if (!Number.isFinite(epochMs)) throw new RangeError('an instant in epoch milliseconds is needed');
  return new Date(epochMs + VIETNAM_UTC_OFFSET_MINUTES * 60_000);
}

/** `18/12/2026`: the date of an instant in Vietnam, as letters write it. */
export function formatVietnamDate(epochMs: number): string {
  const local = vietnamClock(epochMs);
  return `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

/**
 * `17:00 thứ Sáu, 18/12/2026`: a deadline as a Vietnamese reader expects it, in Vietnam time
 * whatever the server's zone. A deadline at the last millisecond of a day (a date-only deadline)
 * reads `24:00` of that day, not `23:59`, which would suggest a minute's difference.
 */
export function formatVietnamDeadline(epochMs: number): string {
  const local = vietnamClock(epochMs);
  const endOfDay = (epochMs + VIETNAM_UTC_OFFSET_MINUTES * 60_000 + 1) % MS_PER_DAY === 0;
  const clock = endOfDay ? '24:00' : `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
  return `${clock} ${WEEKDAYS[local.getUTCDay()] ?? ''}, ${formatVietnamDate(epochMs)}`;
}

/** `còn 1 ngày làm việc`, or `đến hạn hôm nay` when no working day is left: the reminder's urgency in words. */
export function workingDaysLeftPhrase(workingDaysLeft: number): string {
  if (!Number.isSafeInteger(workingDaysLeft) || workingDaysLeft < 0)
    throw new RangeError('working days left must be a whole number, 0 or more');
  return workingDaysLeft === 0 ? 'đến hạn hôm nay' : `còn ${workingDaysLeft} ngày làm việc`;
}

/** Vietnamese words for the parts of an ISO 8601 duration, largest first. */
const DURATION_UNITS = [
  ['years', 'năm'],
  ['months', 'tháng'],
  ['weeks', 'tuần'],
  ['days', 'ngày'],
  ['hours', 'giờ'],
  ['minutes', 'phút'],
  ['seconds', 'giây'],
] as const;

/** `2 ngày`, `1 ngày 12 giờ`: an ISO 8601 duration (an escalation's grace, `P2D`) as people read it. */
export function formatVietnameseDuration(iso: string): string {
  const duration = parseIsoDuration(iso, 'duration');
  const parts = DURATION_UNITS.filter(([part]) => duration[part] > 0).map(
    ([part, word]) => `${duration[part]} ${word}`,
  );
  return parts.length > 0 ? parts.join(' ') : '0 giây';
}
