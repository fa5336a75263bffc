/** Every date and time the console shows is Vietnam's, whatever the browser's own zone. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(language: string): Intl.DateTimeFormat {
  const locale = language === 'en' ? 'en-GB' : 'vi-VN';
  let formatter = formatters.get(locale);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone: VIETNAM_TIME_ZONE,
      weekday: 'long',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(locale, formatter);
  }
  return formatter;
}

/** The parts of an instant in Vietnam time, as Intl gives them. */
function partsOf(instant: string | Date, language: string): Record<Intl.DateTimeFormatPartTypes, string> {
  const parts = formatterFor(language).formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const byType = {} as Record<Intl.DateTimeFormatPartTypes, string>;
  for (const part of parts) byType[part.type] = part.value;
  return byType;
}

/** `dd/MM/yyyy HH:mm` in Vietnam time, the way Vietnamese offices write it. */
export function formatDateTime(instant: string | Date, language = 'vi'): string {
  const p = partsOf(instant, language);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** The same, after the weekday's name ("Thứ Hai, 07/12/2026 17:00"). */
export function formatDateTimeWithWeekday(instant: string | Date, language = 'vi'): string {
  const p = partsOf(instant, language);
  const weekday = language === 'en' ? p.weekday : capitalise(p.weekday);
  return `${weekday}, ${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** The Vietnam calendar date of an instant, `yyyy-MM-dd`. */
export function vietnamDate(instant: string | Date): string {
  const p = partsOf(instant, 'vi');
  return `${p.year}-${p.month}-${p.day}`;
}

/** Reads `dd/mm/yyyy` as typed by a person into `yyyy-MM-dd`, or null when it is no date. */
export function parseVietnameseDate(text: string): string | null {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (match === null) return null;
  const [, day, month, year] = match;
  const iso = `${year}-${month?.padStart(2, '0')}-${day?.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

function capitalise(words: string): string {
  // vi-VN writes "thứ hai"; Vietnamese offices capitalise each word of a weekday ("Thứ Hai").
  return words.replace(/(^|\s)(\p{L})/gu, (_match, space: string, letter: string) => space + letter.toUpperCase());
}
