/**
 * The period of the statistics screen: the days a person types, the months of its heatmap, and
 * the file name of a download. Pure, so the arithmetic is tested without a browser.
 */
import { vietnamDate } from '../format/time';

/** A period of whole days, `yyyy-MM-dd` both ends included, as the statistics API takes it. */
export interface Period {
  from: string;
  to: string;
}

/** One column of the heatmap: a calendar month, clipped to the period. */
export interface MonthSpan extends Period {
  /** `MM/yyyy`, as the column is headed. */
  label: string;
}

/** The heatmap asks once per month; a year is as many requests as a screen should make. */
export const MAX_HEATMAP_MONTHS = 12;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Five months back to the end of next month (Vietnam's calendar): recent results and work coming due. */
export function defaultPeriod(now: Date = new Date()): Period {
  const [year, month] = vietnamDate(now).split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month - 1 - 5, 1));
  const end = new Date(Date.UTC(year, month + 1, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/** The calendar months a period touches, each clipped to it; at most {@link MAX_HEATMAP_MONTHS}, the latest kept. */
export function monthsOf(period: Period): MonthSpan[] {
  const [fromYear, fromMonth] = period.from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = period.to.split('-').map(Number) as [number, number];
  const months: MonthSpan[] = [];
  for (let year = fromYear, month = fromMonth; year < toYear || (year === toYear && month <= toMonth);) {
    const first = `${year}-${pad(month)}-01`;
    const last = `${year}-${pad(month)}-${pad(lastDayOf(year, month))}`;
    months.push({
      from: first < period.from ? period.from : first,
      to: last > period.to ? period.to : last,
      label: `${pad(month)}/${year}`,
    });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months.slice(-MAX_HEATMAP_MONTHS);
}

/** `dd/MM/yyyy` of a `yyyy-MM-dd` day, as a Vietnamese office writes it. */
export function typedDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/** The file name a Content-Disposition header gives (RFC 6266: `filename*` first), or the fallback. */
export function attachmentName(header: string | null, fallback: string): string {
  if (header === null) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1] !== undefined) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: the plain name below still names the file.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() ?? fallback;
}
