/**
 * Document numbers and symbols. Party: NUMBER-TYPE/ISSUER (`276-CV/TU`); State: NUMBER/SYMBOL
 * (`3855/UBND-KGVX`, `12/QĐ-UBND`) or NUMBER/YEAR/SYMBOL for normative texts (`30/2020/NĐ-CP`).
 * Symbols hold capitals, Đ, some lower case (TTg), digits (VX1, QH14) and "&".
 */

/** A symbol segment starts with a capital; the look-ahead keeps "Ng" of "Ngọc" from matching. */
const SEGMENT = String.raw`[A-ZĐ][A-Za-zĐđ0-9&]*(?![\p{L}\p{N}])`;
/**
 * Segments are joined by a hyphen, printed or typed as an en or em dash and often with spaces
 * around it (`4144 /GDĐT – VP`), or by a dot with no space (`…-BĐ.TP`; a dot and a space end
 * the sentence instead).
 */
const SYMBOL = String.raw`${SEGMENT}(?:(?:\s*[-–—]\s*|\.)${SEGMENT})*`;
const NUMBERS = String.raw`\d{1,5}(?:\s*,\s*\d{1,5})*`;

/** Matches a cited number-and-symbol; `nums` may list several numbers sharing one symbol. */
export const CITATION = new RegExp(
  String.raw`(?<![\p{L}\p{N}/.\-])(?<nums>${NUMBERS})\s*(?:-\s*(?<ptype>[A-ZĐ][A-Za-zĐđ]{0,5})\s*/\s*(?<pissuer>${SYMBOL})|/\s*(?:(?<year>\d{4})\s*/\s*)?(?<ssym>${SYMBOL}))`,
  'gu',
);

/** The number line of a header: "Số: 3855/UBND-KGVX", "Số 276-CV/TU", "Số: /UBND-TH", "Số 369 - CV/BTGTU", "SỐ: …" (a header in capitals, or OCR reading it so). */
const NUMBER_LINE = new RegExp(
  String.raw`^(?:Số|SỐ)\s*:?\s*(?<num>\d{1,6})?[\s.…_]*(?:-\s*(?<ptype>[A-ZĐ][A-Za-zĐđ]{0,5})\s*/\s*(?<pissuer>${SYMBOL})|/\s*(?:(?<year>\d{4})\s*/\s*)?(?<ssym>${SYMBOL}))`,
  'u',
);

/** Codes of document types (Nghị định 30/2020 appendix; Hướng dẫn 36-HD/VPTW). */
export const TYPE_CODES = new Set([
  'CV',
  'CT',
  'KH',
  'TB',
  'HD',
  'KL',
  'NQ',
  'QĐ',
  'QĐi',
  'BC',
  'TTr',
  'NĐ',
  'TT',
  'TTLT',
  'QC',
  'QyĐ',
  'CTr',
  'GM',
  'BB',
  'PA',
  'ĐA',
  'CĐ',
]);

/** Type names as printed in titles and prose, with their codes. */
export const TYPE_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['công văn', 'CV'],
  ['văn bản', 'CV'],
  ['chỉ thị', 'CT'],
  ['kế hoạch', 'KH'],
  ['thông báo', 'TB'],
  ['hướng dẫn', 'HD'],
  ['kết luận', 'KL'],
  ['nghị quyết', 'NQ'],
  ['quyết định', 'QĐ'],
  ['quy định', 'QĐi'],
  ['báo cáo', 'BC'],
  ['tờ trình', 'TTr'],
  ['công điện', 'CĐ'],
  ['chương trình', 'CTr'],
  ['giấy mời', 'GM'],
  ['nghị định', 'NĐ'],
  ['thông tư', 'TT'],
];

/** A parsed number-and-symbol. */
export interface ParsedReference {
  /** Digits, or null when the number is blank. */
  number: string | null;
  /** As printed, spaces removed. */
  reference: string;
  /** Type code when the symbol carries one. */
  type: string | null;
  style: 'party' | 'state';
}

/** A symbol as the reader reports it: no spaces, every dash a hyphen. */
function cleanSymbol(symbol: string): string {
  return symbol.replace(/\s+/g, '').replace(/[–—]/g, '-');
}

function fromGroups(num: string | null, groups: Record<string, string | undefined>): ParsedReference {
  const { ptype, pissuer, year, ssym } = groups;
  if (ptype && pissuer) {
    return {
      number: num,
      reference: `${num ?? ''}-${ptype}/${cleanSymbol(pissuer)}`,
      type: TYPE_CODES.has(ptype) ? ptype : null,
      style: 'party',
    };
  }
  const symbol = cleanSymbol(ssym ?? '');
  const head = symbol.split('-')[0] ?? '';
  return {
    number: num,
    reference: `${num ?? ''}/${year ? `${year}/` : ''}${symbol}`,
    type: TYPE_CODES.has(head) ? head : null,
    style: 'state',
  };
}

/** Reads a header number line; null when the line is not one. `length` is how much of the line it used. */
export function parseNumberLine(line: string): (ParsedReference & { length: number }) | null {
  const match = NUMBER_LINE.exec(line);
  if (!match?.groups) return null;
  return { ...fromGroups(match.groups.num ?? null, match.groups), length: match[0].length };
}

/** Every reference a CITATION match stands for: "614, 615, 616-CV/VPTW" gives three. */
export function referencesOf(match: RegExpExecArray, multiple: boolean): ParsedReference[] {
  const groups = match.groups ?? {};
  const numbers = (groups.nums ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const used = multiple ? numbers : numbers.slice(-1);
  return used.map((n) => fromGroups(n, groups));
}

/** The type code for a type name ("Kế hoạch" → KH), or null. */
export function typeCodeOfName(name: string): string | null {
  const lower = name.trim().toLowerCase();
  return TYPE_NAMES.find(([word]) => word === lower)?.[1] ?? null;
}
