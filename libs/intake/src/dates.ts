/**
 * Dates as letters print them: "ngày 11 tháng 8 năm 2021", "06/8/2021", "22-10-2018",
 * "22 tháng 3 năm 2011". Output is `YYYY-MM-DD`, or null for a blank or impossible date.
 */

/** A date in the body: numeric with / - or ., or spelled with tháng/năm. Used inside larger patterns. */
export const DATE_SOURCE = String.raw`(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})`;

/** `YYYY-MM-DD` when the three numbers make a real date. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) return null;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return check.toISOString().slice(0, 10);
}

/** Reads the first date written in `text` (numeric or spelled); null if none or impossible. */
export function parseDate(text: string): string | null {
  const spelled = /(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu.exec(text);
  const numeric = /(?<![\d/])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)/u.exec(text);
  const first = [spelled, numeric].filter((m): m is RegExpExecArray => m !== null).sort((a, b) => a.index - b.index)[0];
  if (!first) return null;
  if (first === spelled) return isoDate(Number(first[3]), Number(first[2]), Number(first[1]));
  return isoDate(Number(first[4]), Number(first[3]), Number(first[1]));
}

/** What a date line ("PLACE, ngày … tháng … năm …") says. */
export interface DateLine {
  place: string;
  issuedOn: string | null;
  /** True when day, month or year is left blank ("ngày tháng năm 2021"). */
  blank: boolean;
  /** The date words as printed, for warnings. */
  printed: string;
}

const DATE_LINE = /^(?<place>[^,]{1,80}?)\s*,\s*(?<date>ngày\b.*\btháng\b.*\bnăm\b.*)$/iu;

/** Parses the place-and-date line of a header; null when the line is not one. */
export function parseDateLine(line: string): DateLine | null {
  const match = DATE_LINE.exec(line.replace(/[\s.]+$/u, ''));
  const place = match?.groups?.place?.replace(/^[-*–•\s]+/u, '').trim();
  const printed = match?.groups?.date?.trim();
  // A place is a few words; "Thực hiện Công văn số 335-CV/TU, ngày …" is a sentence, not a date line.
  if (!place || !printed || place.includes('/') || place.split(' ').length > 6) return null;
  const parts = /ngày\s*(\d{1,2})?[\s.…_]*tháng\s*(\d{1,2})?[\s.…_]*năm\s*(\d{4})?/iu.exec(printed);
  if (!parts) return null;
  const [, day, month, year] = parts;
  if (!day || !month || !year) return { place, issuedOn: null, blank: true, printed };
  return { place, issuedOn: isoDate(Number(year), Number(month), Number(day)), blank: false, printed };
}
