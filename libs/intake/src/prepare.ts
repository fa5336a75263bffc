/**
 * From raw text to the clean lines every stage reads: normalised Unicode and tone placement,
 * markdown undone, footnotes taken out, collapsed columns split, spaces squeezed.
 */
import { splitColumns } from './columns';
import { extractFootnotes } from './footnotes';
import { markdownToLines } from './markdown';
import { normaliseText, squeeze } from './normalise';

/** Clean lines (blank lines kept as '') and the footnotes taken out of them. */
export interface PreparedText {
  lines: string[];
  notes: string[];
}

/** Prepares a document's text for reading. */
export function prepareText(text: string): PreparedText {
  const lines = markdownToLines(normaliseText(text));
  const { lines: withoutNotes, notes } = extractFootnotes(lines);
  return { lines: splitColumns(withoutNotes).map(squeeze), notes: notes.map(squeeze) };
}
