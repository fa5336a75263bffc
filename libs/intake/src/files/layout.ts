/**
 * Rebuilds the text of a page from words with positions (a PDF's text items, or the words
 * Tesseract found), so the reader sees what a person sees: lines in reading order, paragraphs
 * that wrapped at the margin joined again, and the two-column parts of a letter (the header:
 * issuer, number and subject on the left, motto, place and date on the right; the footer: Nơi
 * nhận on the left, the signature on the right) written as a Markdown table, which the reader
 * already reads column by column.
 */

import { joinWrapped } from '../wrap';

/** A word (or a run of words) on a page; coordinates from the top left, in any unit. */
export interface PlacedWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface Segment {
  text: string;
  x0: number;
  x1: number;
}

interface Line {
  top: number;
  bottom: number;
  height: number;
  segments: Segment[];
}

const median = (values: number[]): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** Words whose vertical middles are within half a line height of each other share a line. */
function groupLines(words: PlacedWord[]): Line[] {
  const sorted = words.filter((w) => w.text.trim() !== '').sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1));
  const typical = median(sorted.map((w) => w.y1 - w.y0)) || 1;
  const lines: { words: PlacedWord[]; middle: number }[] = [];
  for (const word of sorted) {
    const middle = (word.y0 + word.y1) / 2;
    const last = lines[lines.length - 1];
    if (last && Math.abs(middle - last.middle) <= typical * 0.5) {
      last.words.push(word);
      last.middle = (last.middle * (last.words.length - 1) + middle) / last.words.length;
    } else {
      lines.push({ words: [word], middle });
    }
  }
  return lines.map(({ words: lineWords }) => {
    const byX = [...lineWords].sort((a, b) => a.x0 - b.x0);
    const height = median(byX.map((w) => w.y1 - w.y0)) || typical;
    const segments: Segment[] = [];
    for (const word of byX) {
      const last = segments[segments.length - 1];
      const gap = last ? word.x0 - last.x1 : Infinity;
      // A gap of two line heights is no space between words: it is the gutter between columns.
      if (last && gap < height * 2) {
        last.text +=
          gap > height * 0.12 && !last.text.endsWith(' ') && !word.text.startsWith(' ') ? ` ${word.text}` : word.text;
        last.x1 = Math.max(last.x1, word.x1);
      } else {
        segments.push({ text: word.text, x0: word.x0, x1: word.x1 });
      }
    }
    for (const segment of segments) segment.text = segment.text.replace(/\s+/g, ' ').trim();
    return {
      top: Math.min(...lineWords.map((w) => w.y0)),
      bottom: Math.max(...lineWords.map((w) => w.y1)),
      height,
      segments: segments.filter((s) => s.text !== ''),
    };
  });
}

/** A line starting an item of a list, a numbered part or a footnote never continues the line before. */
const STARTS_ITEM =
  /^([-–+•*]\s|\d+(\.\d+)*[.)/]\s|[IVXLC]+[.)]\s|[a-zđ][.)]\s|\[\^?\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹]|Kính gửi|Nơi nhận)/u;
/** Lines that open a two-column block of their own (the footer), whatever is above them. */
const OPENS_BLOCK = /^Nơi nhận/u;
const NEVER_IN_BLOCK = /^Kính gửi/u;

/** What a page reads as. */
export interface PageText {
  lines: string[];
}

const cell = (parts: Segment[]): string =>
  parts
    .map((s) => s.text)
    .join(' ')
    .replace(/\|/g, '/');

/**
 * The text of one page of `width`. The columns split at the gutter of the first line with two
 * columns, or else in the middle of the text.
 */
export function pageText(words: PlacedWord[], width: number): PageText {
  const lines = groupLines(words).filter((line) => line.segments.length > 0);
  if (lines.length === 0) return { lines: [] };
  const left = Math.min(...lines.map((l) => l.segments[0]?.x0 ?? 0));
  const right = Math.max(...lines.map((l) => l.segments[l.segments.length - 1]?.x1 ?? width));
  // The gutter: right of every first column, left of every second one, on lines with two.
  const twoSided = lines.filter((l) => l.segments.length === 2);
  const leftEdge = Math.max(...twoSided.map((l) => l.segments[0]?.x1 ?? 0));
  const rightEdge = Math.min(...twoSided.map((l) => l.segments[1]?.x0 ?? width));
  const split = twoSided.length > 0 && leftEdge < rightEdge ? (leftEdge + rightEdge) / 2 : (left + right) / 2;
  const tolerance = (right - left) * 0.02;
  const side = (s: Segment): 'left' | 'right' | 'both' =>
    s.x1 <= split + tolerance ? 'left' : s.x0 >= split - tolerance ? 'right' : 'both';
  const centre = (left + right) / 2;
  // A title (KẾ HOẠCH, THÔNG BÁO) is centred on the page; a header line on its column's centre.
  const pageCentred = (l: Line): boolean => {
    const x0 = l.segments[0]?.x0 ?? 0;
    const x1 = l.segments[l.segments.length - 1]?.x1 ?? 0;
    return l.segments.length === 1 && Math.abs((x0 + x1) / 2 - centre) < (right - left) * 0.06 && x0 > left + tolerance;
  };
  // A centred line (a long subtitle under a title) may reach near the margin: it did not wrap.
  // Its margins are equal, however small; a wrapped line starts at the margin, or is indented
  // and reaches the other one.
  const centredLine = (l: Line): boolean => {
    const indent = (l.segments[0]?.x0 ?? left) - left;
    const short = right - (l.segments[l.segments.length - 1]?.x1 ?? right);
    return indent > l.height * 0.4 && Math.abs(indent - short) < Math.min(l.height * 1.5, indent * 0.75);
  };
  const oneSided = (l: Line): boolean => l.segments.every((s) => side(s) !== 'both') && !pageCentred(l);
  // A gap of more than two line heights ends a block: the body starts below the header's space.
  const adjacent = (a: Line, b: Line): boolean => b.top - a.top <= Math.max(a.height, b.height) * 2.4;
  const hasBoth = (l: Line): boolean =>
    l.segments.some((s) => side(s) === 'left') && l.segments.some((s) => side(s) === 'right');
  const firstText = (l: Line): string => l.segments[0]?.text ?? '';

  // Mark the two-column blocks: runs of one-sided lines holding at least one two-sided line.
  const inBlock = new Array<boolean>(lines.length).fill(false);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as Line;
    if (!(hasBoth(line) || OPENS_BLOCK.test(firstText(line))) || inBlock[i]) continue;
    let start = i;
    const joins = (k: number): boolean =>
      oneSided(lines[k] as Line) && !NEVER_IN_BLOCK.test(firstText(lines[k] as Line));
    while (
      start > 0 &&
      joins(start - 1) &&
      !inBlock[start - 1] &&
      adjacent(lines[start - 1] as Line, lines[start] as Line) &&
      !OPENS_BLOCK.test(firstText(lines[start] as Line))
    )
      start -= 1;
    let end = i;
    while (end + 1 < lines.length && joins(end + 1) && adjacent(lines[end] as Line, lines[end + 1] as Line)) end += 1;
    for (let k = start; k <= end; k += 1) inBlock[k] = true;
    i = end;
  }

  const pitch =
    median(
      lines
        .slice(1)
        .map((l, i) => l.top - (lines[i] as Line).top)
        .filter((d) => d > 0),
    ) || 1;
  const out: string[] = [];
  let previous: Line | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as Line;
    if (inBlock[i]) {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      while (i < lines.length && inBlock[i]) {
        const row = lines[i] as Line;
        out.push(
          `| ${cell(row.segments.filter((s) => side(s) === 'left'))} | ${cell(row.segments.filter((s) => side(s) === 'right'))} |`,
        );
        i += 1;
      }
      i -= 1;
      out.push('');
      previous = null;
      continue;
    }
    const text = line.segments.map((s) => s.text).join(' ');
    const wrapped =
      previous !== null &&
      previous.segments[previous.segments.length - 1]!.x1 >= right - previous.height * 3 &&
      !centredLine(previous);
    const close = previous !== null && line.top - previous.top <= pitch * 1.3;
    if (previous && wrapped && close && !STARTS_ITEM.test(text)) {
      out[out.length - 1] = joinWrapped(out[out.length - 1] ?? '', text);
    } else {
      if (previous && line.top - previous.top > pitch * 1.3 && out[out.length - 1] !== '') out.push('');
      out.push(text);
    }
    previous = line;
  }
  return { lines: out };
}

/** Pages joined: a paragraph that runs over a page break is one paragraph; lone page numbers go. */
export function documentText(pages: PageText[]): string {
  const lines: string[] = [];
  for (const page of pages) {
    const kept = page.lines.filter(
      (line, i, all) => !(/^[-–\s]*\d{1,3}[-–\s]*$/.test(line) && (i === 0 || i === all.length - 1)),
    );
    if (lines.length > 0) lines.push('');
    lines.push(...kept);
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
