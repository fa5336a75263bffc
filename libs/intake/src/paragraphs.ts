/**
 * The body as paragraphs. Converted letters break paragraphs at page ends (often with a footnote
 * in between) and plain-text copies wrap lines; both are joined back here.
 */
import { isMostlyUpper } from './normalise';
import { AUTHORITY, BULLET, END_MARK, NOI_NHAN, SECTION_NUMBER } from './patterns';

/** One paragraph of the body. */
export interface Paragraph {
  /** Text with its bullet marker removed. */
  text: string;
  bullet: boolean;
  /** Index of its first line. */
  line: number;
}

/** The body's paragraphs and where the footer begins. */
export interface BodyReading {
  paragraphs: Paragraph[];
  /** Index of the first line after the body ("Nơi nhận", the signature, or after the end mark "./."). */
  end: number;
}

function startsBlock(line: string): boolean {
  return BULLET.test(line) || SECTION_NUMBER.test(line);
}

/** The last physical line of the paragraph being built, which decides whether the next line continues it. */
interface Tail {
  line: string;
  /** True while the paragraph is a single numbered line (a heading such as "3. Ban Chỉ đạo 35 thành phố"). */
  numberedHeading: boolean;
}

/**
 * A line continues the paragraph above when it starts in lower case (a page break, even across
 * blank lines and removed footnotes), or when the line above is long and stops mid-sentence (no
 * final punctuation) and this line starts with a letter and opens no bullet or numbered part: a
 * wrapped line of plain text, even when blank lines were added between. Only the last line is
 * looked at, so reading stays linear in the length of the text.
 */
function continues(tail: Tail, line: string): boolean {
  if (startsBlock(line) || tail.line.endsWith(':')) return false;
  if (/^\p{Ll}/u.test(line)) return true;
  const midSentence = tail.line.length >= 60 && !/[.;:!?]/u.test(tail.line.slice(-1)) && !isMostlyUpper(tail.line);
  return midSentence && !tail.numberedHeading && /^\p{L}/u.test(line) && !isMostlyUpper(line);
}

/** True when a paragraph ends with the end mark "./." (checked on its last characters only). */
function endsBody(text: string): boolean {
  return END_MARK.test(text.slice(-12));
}

/** Reads paragraphs from line `start` up to the footer. */
export function readBody(lines: string[], start: number): BodyReading {
  const paragraphs: Paragraph[] = [];
  let tail: Tail | null = null;
  for (let i = start; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (!line) continue;
    if (NOI_NHAN.test(line) || AUTHORITY.test(line)) return { paragraphs, end: i };
    const last = paragraphs[paragraphs.length - 1];
    if (last && tail && continues(tail, line)) {
      last.text = `${last.text} ${line}`;
      tail = { line, numberedHeading: false };
    } else {
      const bullet = BULLET.test(line);
      paragraphs.push({ text: bullet ? line.replace(BULLET, '').trim() : line, bullet, line: i });
      tail = { line, numberedHeading: !bullet && SECTION_NUMBER.test(line) };
    }
    if (endsBody(line)) return { paragraphs, end: i + 1 };
  }
  return { paragraphs, end: lines.length };
}

/** Removes the end mark "./." from a text, keeping one full stop. */
export function withoutEndMark(text: string): string {
  return END_MARK.test(text) ? `${text.replace(END_MARK, '').trimEnd()}.` : text;
}
