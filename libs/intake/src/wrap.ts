/**
 * Joining a line that wrapped at the margin with the line that continues it. A printer or a word
 * processor breaks a line after a hyphen or a slash inside a word ("713-" / "CV/TU", "CV/" /
 * "TU"): the two halves are one token, and a space between them would make a reference
 * unreadable. Everywhere else the break was a space.
 */

/** Ends on a hyphen or slash glued to the letter or digit before it: a token cut by the wrap. */
const CUT_TOKEN_END = /[\p{L}\d][-/]$/u;
/** Starts with a letter or digit, so it can be the rest of a cut token. */
const TOKEN_START = /^[\p{L}\d]/u;

/** `first` and `next` as one line of text. */
export function joinWrapped(first: string, next: string): string {
  const head = first.trimEnd();
  const tail = next.trimStart();
  if (head === '') return tail;
  if (tail === '') return head;
  return CUT_TOKEN_END.test(head) && TOKEN_START.test(tail) ? `${head}${tail}` : `${head} ${tail}`;
}

/** Lines that are one wrapped paragraph, as one line. */
export function joinWrappedLines(lines: string[]): string {
  return lines.reduce((text, line) => joinWrapped(text, line), '');
}
