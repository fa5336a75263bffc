/**
 * A letter's text split into the parts a printed letter lays out differently: the header's two
 * columns, the body's paragraphs, and the footer's two columns (Nơi nhận, signature). The corpus
 * generator prints each part as a real letter does, so the DOCX, PDF and scans it makes are laid
 * out like the letters clerks receive.
 */
import { splitColumns } from '../columns';
import { markdownToLines } from '../markdown';
import { normaliseText } from '../normalise';

/** The parts of a letter. */
export interface LetterLayout {
  headerLeft: string[];
  headerRight: string[];
  body: string[];
  footerLeft: string[];
  footerRight: string[];
}

const RIGHT_HEADER = /CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐẢNG CỘNG SẢN|^-{2,}$|^\p{L}[\p{L} .'-]*,\s*ngày\b/u;
const HEADER_MARK = /^Số\b|^V\/v\b|^Về việc\b|CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐẢNG CỘNG SẢN|^\p{L}[\p{L} .'-]*,\s*ngày\b/u;

/** Splits `text` (Markdown or plain) into the parts of a printed letter. */
export function layoutLetter(text: string): LetterLayout {
  const lines = splitColumns(markdownToLines(normaliseText(text))).map((l) => l.replace(/\s+/g, ' ').trim());
  // The header ends with its last marker among the first lines, or with a subject continued after it.
  let end = -1;
  const look = Math.min(lines.length, 30);
  for (let i = 0; i < look; i += 1) {
    if (/^Kính gửi/u.test(lines[i] ?? '')) break;
    if (HEADER_MARK.test(lines[i] ?? '')) end = i;
  }
  const subjectAt = lines.slice(0, end + 1).findIndex((l) => /^(V\/v|Về việc)\b/u.test(l));
  if (subjectAt >= 0 && subjectAt === end)
    while ((lines[end + 1] ?? '') !== '' && !/^Kính gửi/u.test(lines[end + 1] ?? '')) end += 1;
  const headerLeft: string[] = [];
  const headerRight: string[] = [];
  for (const line of lines.slice(0, end + 1)) {
    if (line === '') continue;
    (RIGHT_HEADER.test(line) ? headerRight : headerLeft).push(line);
  }
  const rest = lines.slice(end + 1);
  const footerAt = rest.findIndex((l) => /^Nơi nhận/u.test(l));
  const bodyLines = footerAt >= 0 ? rest.slice(0, footerAt) : rest;
  const footer = footerAt >= 0 ? rest.slice(footerAt).filter((l) => l !== '') : [];
  const footerLeft: string[] = [];
  const footerRight: string[] = [];
  for (const line of footer) {
    const listed =
      footerRight.length === 0 && (footerLeft.length === 0 || /^[-–+•]|:$/u.test(line) || /^\p{Ll}/u.test(line));
    (listed ? footerLeft : footerRight).push(line);
  }
  return { headerLeft, headerRight, body: bodyLines.filter((l) => l !== ''), footerLeft, footerRight };
}
