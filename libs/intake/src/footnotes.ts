/**
 * Footnotes: definitions become `notes`, markers vanish from the text. Markers come as ⁽¹⁾, ², [1]
 * or [^1]. Superscript digits are always read as markers, so "m²" loses its exponent; letters
 * of this kind do not use them otherwise.
 */

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUP = `[${SUPERSCRIPTS}]`;

const DEFINITION = new RegExp(`^\\s*(?:⁽${SUP}+⁾|${SUP}+|\\(${SUP}+\\)|\\[\\^?\\d{1,3}\\]:?)\\s*(\\S.*)$`, 'u');
const INLINE_MARKER = new RegExp(`⁽${SUP}+⁾|${SUP}+|\\[\\^?\\d{1,3}\\]`, 'gu');

/** The result of taking footnotes out of a document's lines. */
export interface FootnoteSplit {
  /** Lines with footnote definitions removed (left blank, so line positions keep) and markers dropped. */
  lines: string[];
  notes: string[];
}

/**
 * A definition is one line (one paragraph) beginning with a marker. A lower-case line after it
 * is not taken into the note: footnotes sit mid-body in converted letters, so what follows a
 * footnote is the body paragraph that the page break interrupted.
 */
export function extractFootnotes(lines: string[]): FootnoteSplit {
  const notes: string[] = [];
  const kept = lines.map((line) => {
    const definition = DEFINITION.exec(line);
    if (definition?.[1]) {
      notes.push(definition[1].replace(INLINE_MARKER, '').trim());
      return '';
    }
    return line.replace(INLINE_MARKER, '');
  });
  return { lines: kept, notes };
}
