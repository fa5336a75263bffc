/**
 * Undoes what a conversion to markdown adds: tables, headings, emphasis, escapes, links and a few
 * HTML tags. Plain text passes through unchanged.
 */

/** Stands for `<br>` until tables are split, so a break inside a cell does not split the row. */
const BREAK = '\u2028';

const TABLE_SEPARATOR = /^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$/;

function splitCells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

/**
 * A table is emitted column by column: the header of a letter is a two-column table (issuer,
 * number and subject on the left; motto, place and date on the right), and reading it row by row
 * would interleave the two.
 */
function tableToLines(rows: string[]): string[] {
  const cells = rows.filter((row) => !TABLE_SEPARATOR.test(row.trim())).map(splitCells);
  const width = Math.max(0, ...cells.map((row) => row.length));
  const lines: string[] = [];
  for (let column = 0; column < width; column += 1) {
    for (const row of cells) {
      const cell = row[column] ?? '';
      lines.push(...cell.split(BREAK));
    }
    lines.push('');
  }
  return lines;
}

/** Private-use offset that stands for an escaped ASCII character while emphasis is removed. */
const ESCAPED = 0xe000;

/** Emphasis markers: `***`, `**`, `__`, and single `*`/`_` touching a word (a lone "*" line stays). */
function stripEmphasis(line: string): string {
  return line
    .replace(/\*{2,3}|__/g, '')
    .replace(/(^|[^\p{L}\p{N}*])\*(?=[^\s*])/gu, '$1')
    .replace(/(?<=[^\s*])\*(?=$|[^\p{L}\p{N}*])/gu, '')
    .replace(/(^|[\s(])_(?=\S)/gu, '$1')
    .replace(/(?<=\S)_(?=$|[\s).,;:])/gu, '');
}

function stripInline(line: string): string {
  let out = line
    .replace(/^\s{0,3}#{1,6}\s+/, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/^\s*(>\s?)+/, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]^][^\]]*)\]\((?:[^)]*)\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1');
  // A markdown bullet "* item" reads as the "- item" of a letter.
  out = out.replace(/^(\s*)\*\s+(?=\S)/, '$1- ');
  // Escaped characters ("\\*" of a Party header) are set aside so emphasis removal cannot touch them.
  out = out.replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, (_match, char: string) =>
    String.fromCharCode(ESCAPED + char.charCodeAt(0)),
  );
  out = stripEmphasis(out);
  return out.replace(/[\uE000-\uE07F]/g, (char) => String.fromCharCode(char.charCodeAt(0) - ESCAPED));
}

/** Horizontal rules ("---", "***", "* * *") carry nothing. */
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;

/**
 * Markdown (or plain) text to plain lines. `<br>` becomes a line break, `<sup>n</sup>` a footnote
 * marker `[n]`, other tags vanish; tables become their cells, column by column.
 */
export function markdownToLines(text: string): string[] {
  const html = text
    .replace(/<br\s*\/?>/gi, BREAK)
    .replace(/<sup>\s*\(?(\d{1,3})\)?\s*<\/sup>/gi, '[$1]')
    .replace(/<\/?[a-z][^>]*>/gi, '');
  const raw = html.split('\n');
  const lines: string[] = [];
  let table: string[] = [];
  const flushTable = (): void => {
    if (table.length > 0) lines.push(...tableToLines(table).map(stripInline));
    table = [];
  };
  for (const line of raw) {
    if (/^\s*\|/.test(line)) {
      table.push(line);
      continue;
    }
    flushTable();
    for (const part of line.split(BREAK)) lines.push(RULE.test(part) ? '' : stripInline(part));
  }
  flushTable();
  return lines;
}
