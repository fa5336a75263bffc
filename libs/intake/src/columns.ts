/**
 * Letters print header and footer in two columns. Text conversions often collapse a row of both
 * columns onto one line ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"); these functions
 * split such lines back into one line per column cell. They touch only header and footer lines,
 * never the body, whose sentences may quote a date or the Party's name.
 */
import { parseDateLine } from './dates';
import {
  AUTHORITY,
  BODY_OPENING,
  KINH_GUI,
  NATIONAL_MOTTO,
  NATIONAL_NAME,
  NOI_NHAN,
  PARTY_NAME,
  SECTION_NUMBER,
  TYPE_TITLE,
} from './patterns';
import { isMostlyUpper, squeeze } from './normalise';
import { parseNumberLine } from './symbols';

/** Column gaps: tabs, runs of spaces, or a pipe left from a table without its leading "|". */
const GAP = /\t+|\s{3,}|\s*\|\s*/;
const HEADER_MARKERS = [NATIONAL_NAME, NATIONAL_MOTTO, PARTY_NAME];
/** Lower-case words that belong inside a place name ("Thành phố Hồ Chí Minh", "Thị trấn Plei Kần"). */
const PLACE_WORDS = new Set(['phố', 'xã', 'trấn', 'thị', 'huyện', 'tỉnh', 'quận', 'phường']);

function splitAround(piece: string, marker: RegExp): string[] {
  const match = marker.exec(piece);
  if (!match) return [piece];
  const before = piece.slice(0, match.index).trim();
  const after = piece.slice(match.index + match[0].length).trim();
  return [before, match[0], ...(after ? splitAround(after, marker) : [])].filter(Boolean);
}

/** The trailing run of capitalised words before ", ngày": the place of a date line. */
function placeStart(before: string): number {
  const words = before.split(' ');
  let start = words.length;
  while (start > 0) {
    const word = words[start - 1] ?? '';
    if (!/^\p{Lu}/u.test(word) && !PLACE_WORDS.has(word)) break;
    start -= 1;
  }
  while (start < words.length && PLACE_WORDS.has(words[start] ?? '')) start += 1;
  return words.slice(0, start).join(' ').length;
}

/** Splits "<left cell> PLACE, ngày … năm YYYY" into the left cell and the date line. */
function splitDate(piece: string): string[] {
  const comma = piece.search(/,\s*ngày(?=\s)/iu);
  if (comma <= 0 || !/năm\s*(\d{4})?\s*\.?$/u.test(piece)) return [piece];
  let cut = 0;
  const numberLine = parseNumberLine(piece);
  if (numberLine) cut = numberLine.length;
  else if (piece.startsWith('*')) cut = 1;
  else cut = placeStart(piece.slice(0, comma).trim());
  const left = piece.slice(0, cut).trim();
  const right = piece.slice(cut).trim();
  if (!left || !right || !parseDateLine(right)) return [piece];
  return [left, right];
}

/** Spaces that stand for a blank to fill in ("Số      /UBND-TH", "ngày    tháng    năm 2022") are not a column gap. */
const BLANK_BEFORE = /(?:Số\s*:?|ngày|tháng)$/iu;
const BLANK_AFTER = /^(?:[/-]|tháng|năm)/iu;

/** Splits a line at column gaps, except gaps that are blanks of a number or date. */
function splitAtGaps(line: string): string[] {
  const pieces: string[] = [];
  let rest = line.trim();
  let carried = '';
  for (let gap = GAP.exec(rest); gap; gap = GAP.exec(rest)) {
    const left = carried + rest.slice(0, gap.index);
    const right = rest.slice(gap.index + gap[0].length);
    if (!gap[0].includes('|') && (BLANK_BEFORE.test(left) || BLANK_AFTER.test(right))) {
      carried = `${left} `;
    } else {
      pieces.push(left);
      carried = '';
    }
    rest = right;
  }
  pieces.push(carried + rest);
  return pieces.map((piece) => piece.trim()).filter(Boolean);
}

/** One header line → its column cells. */
export function splitHeaderLine(line: string): string[] {
  let pieces = splitAtGaps(line);
  for (const marker of HEADER_MARKERS) pieces = pieces.flatMap((piece) => splitAround(piece, marker));
  pieces = pieces.flatMap(splitDate);
  pieces = pieces.flatMap((piece) => (/^\*\s+\S/u.test(piece) ? ['*', piece.slice(1).trim()] : [piece]));
  return pieces.length > 0 ? pieces : [''];
}

function isTitleCaseName(text: string): boolean {
  const words = text.trim().split(' ');
  return words.length >= 2 && words.length <= 5 && words.every((w) => /^\p{Lu}\p{Ll}*$/u.test(w));
}

/** One footer line → recipient part and signature parts ("- Như trên; KT. CHỦ TỊCH"). */
export function splitFooterLine(line: string): string[] {
  const pieces = splitAtGaps(line);
  const out: string[] = [];
  for (const piece of pieces) {
    const authority = piece.slice(1).search(/\s(?:TM\.|T\/M|KT\.|K\/T|TL\.|T\/L|TUQ\.)\s/u);
    if (authority >= 0 && !AUTHORITY.test(piece)) {
      out.push(piece.slice(0, authority + 1).trim(), piece.slice(authority + 1).trim());
      continue;
    }
    const tail = /^(?<head>[-–+•].*[;,.)])\s+(?<tail>[^;,.()]+)$/u.exec(piece);
    const head = tail?.groups?.head;
    const rest = tail?.groups?.tail?.trim() ?? '';
    const isTitle = isMostlyUpper(rest, 0.9) && rest.split(' ').length >= 2;
    // An entry ends with ".", ";" or ","; a name after it is the signer's, from the other column.
    const isName = /[.;,]$/u.test(head ?? '') && isTitleCaseName(rest);
    if (head && (isTitle || isName)) out.push(head, rest);
    else out.push(piece);
  }
  return out.length > 0 ? out : [''];
}

/**
 * Where the header ends when there is no "Kính gửi": the first line that reads as body, not
 * counting the line just after a type title or a number line (the subject).
 */
export function headerEnd(lines: string[]): number {
  let afterTitle = false;
  for (let i = 0; i < lines.length && i < 40; i += 1) {
    const line = squeeze(lines[i] ?? '');
    if (!line) continue;
    // The line after a title or number line is the subject, even when it opens like a body ("Triển khai …").
    if (afterTitle && !KINH_GUI.test(line) && !SECTION_NUMBER.test(line)) {
      afterTitle = false;
      continue;
    }
    afterTitle = false;
    if (TYPE_TITLE.test(line) || parseNumberLine(line)) afterTitle = true;
    else if (KINH_GUI.test(line) || BODY_OPENING.test(line) || SECTION_NUMBER.test(line) || line.length > 200) return i;
  }
  return Math.min(lines.length, 40);
}

/** Splits collapsed header and footer lines; body lines pass through. */
export function splitColumns(lines: string[]): string[] {
  const end = headerEnd(lines);
  const lastNoiNhan = lines.map((l) => NOI_NHAN.test(l.trim())).lastIndexOf(true);
  return lines.flatMap((line, i) => {
    if (i < end) return splitHeaderLine(line);
    if (lastNoiNhan >= 0 && i >= lastNoiNhan) return splitFooterLine(line);
    return [line];
  });
}
