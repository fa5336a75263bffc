/**
 * The signature block: authority lines (TM., KT., T/M …), the signer's title in capitals, then the
 * name. A block counts only with an authority line or a title word, so a reporter's by-line under
 * a news report ("HẠNH CHÂU") is not taken for a signature.
 */
import { isMostlyUpper } from './normalise';
import { AUTHORITY, TITLE_WORDS } from './patterns';
import type { Signature } from './types';

/** Marks of a signed copy that are not part of the block's text. */
export const SIGNED_MARK = /^[([]?\s*(?:đã ký|ký|ký tên|ký, đóng dấu|ký tên, đóng dấu|signed)[^)\]]*[)\]]?$/iu;

/** A person's name alone on a line: two to five words, each capitalised ("Nguyễn Văn Thành"). */
export const PERSON_NAME = /^\p{Lu}\p{Ll}*(?:\s\p{Lu}\p{Ll}*){1,4}$/u;

/**
 * A title run into the signer's name, as text copied from a web page has it ("PHÓ CHỦ TỊCHNguyễn
 * Văn A", "CHỦ TỊCH Nguyễn Văn A"): split where words in capitals give way to a capitalised name.
 */
function splitTitleFromName(line: string): string[] {
  const spaced = line.replace(/(?<=\p{Lu}{2})(?=\p{Lu}\p{Ll})/gu, ' ');
  const words = spaced.split(' ');
  const at = words.findIndex(
    (word, i) => i >= 1 && /^\p{Lu}\p{Ll}/u.test(word) && words.slice(0, i).every((w) => w === w.toUpperCase()),
  );
  if (at < 0) return [line];
  const title = words.slice(0, at).join(' ');
  if (!TITLE_WORDS.test(title) && !AUTHORITY.test(title)) return [line];
  return [title, words.slice(at).join(' ')];
}

/** Reads the signature from footer lines; lines in `skip` (the distribution list) are ignored. */
export function readSignature(lines: string[], skip: Set<number> = new Set()): Signature | null {
  const block = lines.filter((line, i) => line && !skip.has(i) && !SIGNED_MARK.test(line)).flatMap(splitTitleFromName);
  const firstAuthority = block.findIndex((line) => AUTHORITY.test(line));
  const firstTitle = block.findIndex(
    (line) => isMostlyUpper(line) && TITLE_WORDS.test(line) && line.split(' ').length <= 8,
  );
  const starts = [firstAuthority, firstTitle].filter((i) => i >= 0);
  if (starts.length === 0) return null;
  const rest = block.slice(Math.min(...starts));
  const authority: string[] = [];
  const title: string[] = [];
  let name: string | null = null;
  for (const line of rest) {
    if (name !== null) break;
    const upper = isMostlyUpper(line);
    if (AUTHORITY.test(line) && title.length === 0) authority.push(line);
    else if (upper && (title.length === 0 || (TITLE_WORDS.test(line) && title.length < 2))) title.push(line);
    // Anything else ends the block: the name, in capitals or not.
    else name = line;
  }
  return {
    authority: authority.length > 0 ? authority.join(' / ') : null,
    title: title.length > 0 ? title.join(' ') : null,
    name,
  };
}
