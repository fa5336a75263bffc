/**
 * Footnote marks as OCR reads them. A superscript "²" or "[1]" is small and high, and Tesseract
 * turns it into what it looks like: "?", "®", "{1]", "(1]", or a plain digit. The reader knows
 * footnotes by their marks, so those readings are written back as marks it knows ("[1]") where
 * the place says they can be nothing else: glued to the end of a word before punctuation, or
 * opening a line of its own at the foot of the text.
 */

/** A bracketed number with a bracket misread: "{1]", "(1]", "[1}", "[1)". */
const BRACKETED = String.raw`[{(\[]{1,2}\s*\d{1,2}\s*[\]})]{1,2}`;

/**
 * A mark glued to a word: a misbracketed number; "?" or "®" with a bracket or two ("?)", "®$)",
 * a "⁽¹⁾" read), or alone before punctuation or at the line's end; "®" anywhere.
 */
const GLUED_MARK = new RegExp(
  String.raw`(?<=\p{L})(?:(?!\[\d{1,2}\])${BRACKETED}|[?®][)$]{1,2}(?=[\s.,;:]|$)|\?(?=[.,;:]|$)|®)`,
  'gu',
);

/** A line opening with a misread mark and then a capital: a footnote's definition. */
const DEFINITION = new RegExp(String.raw`^(?:(?!\[\d{1,2}\])(${BRACKETED})|[?®#]+)\s*(?=\p{Lu})`, 'u');

/**
 * A line opening with a bare number and a capital: a superscript read flat, when it is after the
 * body's end mark or does not continue the numbering of the parts ("2." then "2 Tại …").
 */
const BARE_NUMBER = /^(\d{1,2})\s+(?=\p{Lu})/u;
/** A numbered part: "3. Công an huyện". */
const PART_NUMBER = /^(\d{1,2})\.\s/u;

/** The body's end mark "./." (or "/.") ends a line. */
const END_MARK = /\.?\/\.\s*$/u;

/** OCR text with the footnote marks OCR misread written as "[n]". */
export function restoreFootnoteMarks(text: string): string {
  let afterEndMark = false;
  let lastPart = 0;
  let count = 0;
  return text
    .split('\n')
    .map((line) => {
      let out = line.replace(GLUED_MARK, '');
      const definition = DEFINITION.exec(out);
      const number = BARE_NUMBER.exec(out);
      const bare = number && (afterEndMark || Number(number[1]) !== lastPart + 1) ? number : null;
      lastPart = Number(PART_NUMBER.exec(out)?.[1] ?? lastPart);
      if (definition || bare) {
        count += 1;
        const mark = /\d{1,2}/.exec(definition?.[1] ?? bare?.[1] ?? '')?.[0] ?? String(count);
        out = `[${mark}] ${out.slice((definition ?? bare)?.[0].length ?? 0)}`;
      }
      if (END_MARK.test(out)) afterEndMark = true;
      if (out.startsWith('|')) afterEndMark = false;
      return out;
    })
    .join('\n');
}
