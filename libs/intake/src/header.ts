/**
 * The header: issuing body (and its parent), number and symbol, place and date, trích yếu.
 * Lines of the right column (national name and motto, or the Party's name) only tell the format.
 */
import { parseDateLine } from './dates';
import { isMostlyUpper } from './normalise';
import {
  BODY_OPENING,
  KINH_GUI,
  NATIONAL_MOTTO,
  NATIONAL_NAME,
  PARTY_NAME,
  SECTION_NUMBER,
  TYPE_TITLE,
} from './patterns';
import { parseNumberLine, typeCodeOfName, type ParsedReference } from './symbols';
import type { DocumentFormat, Issuer } from './types';
import { joinWrappedLines } from './wrap';

type LineKind = 'blank' | 'national' | 'party' | 'star' | 'date' | 'number' | 'title' | 'text';

/** What the header says; `end` is the index of the first line after it. */
export interface HeaderReading {
  format: DocumentFormat | null;
  numberLine: ParsedReference | null;
  type: string | null;
  issuer: Issuer;
  place: string | null;
  issuedOn: string | null;
  dateBlank: boolean;
  datePrinted: string | null;
  subject: string | null;
  /** The subject began with "V/v" (the mark of a công văn). */
  subjectIsVv: boolean;
  end: number;
}

function kindOf(line: string): LineKind {
  if (!line) return 'blank';
  if (NATIONAL_NAME.test(line) || NATIONAL_MOTTO.test(line)) return 'national';
  if (PARTY_NAME.test(line) && line.length < 30) return 'party';
  if (/^[*\-–_\s]+$/u.test(line)) return 'star';
  if (parseNumberLine(line)) return 'number';
  if (parseDateLine(line)) return 'date';
  if (TYPE_TITLE.test(line)) return 'title';
  return 'text';
}

/** An administrative level opening a line continues the name above ("ỦY BAN NHÂN DÂN / HUYỆN NGỌC HỒI"); "HUYỆN ỦY …" is a body of its own. */
const CONTINUES_NAME = /^(?:TỈNH|HUYỆN|THÀNH PHỐ|QUẬN|XÃ|PHƯỜNG|THỊ XÃ|THỊ TRẤN|VÀ|&)(?!\s+ỦY)(?=\s|$)/iu;

function mergeNameLines(lines: string[]): string[] {
  const merged: string[] = [];
  for (const line of lines) {
    const last = merged[merged.length - 1];
    if (last !== undefined && (CONTINUES_NAME.test(line) || /(?:\sVÀ|,|&)$/iu.test(last)))
      merged[merged.length - 1] = `${last} ${line}`;
    else merged.push(line);
  }
  return merged;
}

function readIssuer(lines: string[], kinds: LineKind[], numberIdx: number): Issuer {
  const stop = numberIdx >= 0 ? numberIdx : kinds.findIndex((k) => k === 'date' || k === 'title');
  const candidates: string[] = [];
  for (let i = 0; i < (stop >= 0 ? stop : lines.length); i += 1) {
    const line = lines[i] ?? '';
    if (kinds[i] !== 'text') continue;
    if (numberIdx < 0 && !isMostlyUpper(line)) break;
    candidates.push(line);
  }
  const names = mergeNameLines(candidates);
  return { name: names[names.length - 1] ?? null, parent: names[names.length - 2] ?? null };
}

function opensBody(line: string): boolean {
  return KINH_GUI.test(line) || SECTION_NUMBER.test(line) || line.length > 300;
}

function endsSubject(line: string): boolean {
  return opensBody(line) || BODY_OPENING.test(line);
}

/**
 * Extra blank lines may split a wrapped subject: a line after them continues it when it starts in
 * lower case, or when the line before ends mid-sentence and this one is short and not a heading.
 */
function continuesSubject(previous: string, line: string, kind: LineKind | undefined): boolean {
  if (kind !== 'text' || endsSubject(line)) return false;
  if (/^\p{Ll}/u.test(line)) return true;
  return !/[.;:!?]$/u.test(previous) && line.length <= 120 && !isMostlyUpper(line);
}

function readSubject(lines: string[], kinds: LineKind[], from: number): { text: string | null; last: number } {
  const collected: string[] = [];
  let last = -1;
  for (let i = from; i < lines.length; i += 1) {
    const kind = kinds[i];
    const line = lines[i] ?? '';
    if (kind === 'blank') {
      const next = lines.slice(i).findIndex((l) => l !== '') + i;
      if (
        collected.length > 0 &&
        !(next > i && continuesSubject(collected[collected.length - 1] ?? '', lines[next] ?? '', kinds[next]))
      )
        break;
      continue;
    }
    // Right-column lines may sit between the lines of a wrapped subject.
    if (kind === 'national' || kind === 'party' || kind === 'date' || kind === 'star') continue;
    if (kind === 'title' && collected.length === 0) continue;
    // The first line may open like a body ("Triển khai …"): it is the subject all the same.
    if (kind !== 'text' || (collected.length > 0 ? endsSubject(line) : opensBody(line))) break;
    collected.push(line);
    last = i;
  }
  return { text: collected.length > 0 ? joinWrappedLines(collected) : null, last };
}

/**
 * The subject's marker: "V/v" (also typed "V.v", "V/V", "Vv") or "Về việc", with the slips of a
 * hurried typist or an OCR reading (a tone or a hook lost: "Về viêc", "Vê việc").
 */
const VV = /^(?:V\s*[/.]?\s*v(?!\p{L})|V[eêềế]\s+vi[eêệế]c(?!\p{L}))\s*:?\s*/iu;

/** Reads the header from `lines[0..zoneEnd)`. */
export function readHeader(lines: string[], zoneEnd: number): HeaderReading {
  const zone = lines.slice(0, zoneEnd);
  const kinds = zone.map(kindOf);
  const numberIdx = kinds.indexOf('number');
  const dateIdx = kinds.indexOf('date');
  const titleIdx = kinds.indexOf('title');
  const numberLine = numberIdx >= 0 ? parseNumberLine(zone[numberIdx] ?? '') : null;
  const dateLine = dateIdx >= 0 ? parseDateLine(zone[dateIdx] ?? '') : null;

  const subjectFrom = titleIdx >= 0 ? titleIdx + 1 : numberIdx >= 0 ? numberIdx + 1 : -1;
  const subject = subjectFrom >= 0 ? readSubject(zone, kinds, subjectFrom) : { text: null, last: -1 };
  const subjectIsVv = subject.text !== null && VV.test(subject.text);
  const subjectText = subject.text?.replace(VV, '').trim() || null;

  const format: DocumentFormat | null = kinds.includes('national')
    ? 'state'
    : kinds.includes('party')
      ? 'party'
      : (numberLine?.style ?? null);
  const titleType = titleIdx >= 0 ? typeCodeOfName(zone[titleIdx] ?? '') : null;
  // A State letter whose symbol names no type and that has no title is a công văn (Nghị định
  // 30/2020: every other type prints its name as a title), with or without "V/v" before its subject.
  const untitledSubject = titleIdx < 0 && subjectText !== null;
  const type =
    numberLine?.type ?? titleType ?? (numberLine?.style === 'state' && (subjectIsVv || untitledSubject) ? 'CV' : null);
  const headerLines = kinds.map((k, i) => (k !== 'blank' && k !== 'text' ? i : -1));
  const end = Math.max(subject.last, ...headerLines) + 1;

  return {
    format,
    numberLine,
    type,
    issuer: readIssuer(zone, kinds, numberIdx),
    place: dateLine?.place ?? null,
    issuedOn: dateLine?.issuedOn ?? null,
    dateBlank: dateLine?.blank ?? false,
    datePrinted: dateLine?.printed ?? null,
    subject: subjectText,
    subjectIsVv,
    end,
  };
}
