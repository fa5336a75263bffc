/**
 * Some copies of a letter are news reports about it, with no header: "Ngày 28/7/2021, Ban Cán sự
 * đảng Bộ Nội vụ ban hành Công văn số 101-CV/BCSĐ về việc …". The lead sentence still names
 * the issuer, the number and symbol, often the date and the subject.
 */
import { parseDate } from './dates';
import { CITATION, TYPE_NAMES, referencesOf, typeCodeOfName, type ParsedReference } from './symbols';

/** What a news report's lead sentence says about the letter. */
export interface LedeReading {
  reference: ParsedReference;
  issuer: string;
  issuedOn: string | null;
  /** The date as printed when it lacks a year or is impossible ("28-7"). */
  incompleteDate: string | null;
  subject: string | null;
  type: string | null;
}

/** A type name with either case of its first letter ("Công văn", "công văn"); no `i` flag, which would blur \p{Lu}. */
const KINDS = TYPE_NAMES.map(([name]) => `[${name.charAt(0).toUpperCase()}${name.charAt(0)}]${name.slice(1)}`).join(
  '|',
);
const LEDE = new RegExp(
  String.raw`(?:[Nn]gày\s+(?<date>\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)\s*,\s*)?(?<issuer>\p{Lu}[^,.;:]{2,80}?)\s+(?:đã\s+)?ban hành\s+(?<kind>${KINDS})\s+(?:số\s+)?`,
  'u',
);
const SUBJECT = /^\s*(?:,?\s*ngày\s+[^,]+,)?\s*(?:về việc|V\/v|về)\s+(?<subject>.+?)(?:\.(?=\s+\p{Lu})|\.?\s*$)/u;

/** Reads the first lead sentence found in `paragraphs`, or null. */
export function readLede(paragraphs: string[]): LedeReading | null {
  for (const text of paragraphs) {
    const lede = LEDE.exec(text);
    if (!lede?.groups) continue;
    const after = lede.index + lede[0].length;
    const citation = new RegExp(CITATION.source, 'uy');
    citation.lastIndex = after;
    const match = citation.exec(text);
    const reference = match ? referencesOf(match, false)[0] : undefined;
    if (!match || !reference) continue;
    const printedDate = lede.groups.date ?? null;
    const issuedOn = printedDate ? parseDate(printedDate) : null;
    const subject = SUBJECT.exec(text.slice(match.index + match[0].length))?.groups?.subject?.trim() ?? null;
    return {
      reference,
      issuer: (lede.groups.issuer ?? '').trim(),
      issuedOn,
      incompleteDate: printedDate && !issuedOn ? printedDate : null,
      subject,
      type: reference.type ?? typeCodeOfName(lede.groups.kind ?? ''),
    };
  }
  return null;
}
