/**
 * "Nơi nhận": the distribution list. Each entry may carry its purpose in brackets — a convention,
 * not law: (t/h) carry out, (b/c) for report, (p/h) coordinate, (để biết) for information —
 * "Như trên" stands for the addressees and "Lưu: …" for the archive copies.
 */
import { isMostlyUpper, trimEntryPunctuation } from './normalise';
import { AUTHORITY, BULLET, NOI_NHAN } from './patterns';
import { PERSON_NAME, SIGNED_MARK } from './signature';
import type { Recipient, RecipientRole } from './types';

/** The list and the lines it used (so the signature reader can skip them). */
export interface RecipientsReading {
  recipients: Recipient[];
  used: Set<number>;
}

const TAG = /\s*\(([^()]*)\)\s*$/u;

/** The purpose a bracketed tag names; the order settles tags naming two ("phối hợp TH" = coordinate). */
function roleOfTag(tag: string): RecipientRole | null {
  const lower = tag.toLowerCase();
  if (/p\/h|phối hợp/u.test(lower)) return 'coordinate';
  if (/b\/c|báo cáo/u.test(lower)) return 'report';
  if (/t\/h|thực hiện|\bth\b/u.test(lower)) return 'implement';
  if (/biết/u.test(lower)) return 'inform';
  return null;
}

/** Reads one entry ("- Sở Thông tin và Truyền thông (b/c);"). */
export function readRecipient(line: string): Recipient | null {
  const text = trimEntryPunctuation(line.replace(BULLET, '').trim());
  if (!text) return null;
  const archive = /^Lưu\s*:?\s*(.*)$/u.exec(text);
  if (archive) return { name: trimEntryPunctuation(archive[1] ?? '') || 'Lưu', role: 'archive' };
  const tag = TAG.exec(text);
  const role = tag?.[1] !== undefined ? roleOfTag(tag[1]) : null;
  const name = role && tag ? text.slice(0, tag.index).trim() : text;
  if (/^Như\s+(?:trên|kính gửi)/iu.test(name)) return { name: 'Như trên', role: 'as_above' };
  return { name, role };
}

/**
 * A line of the signature column: authority, title, the signed mark "(Đã ký)", the signer's name.
 * Copied from a web page, the two footer columns come line by line in turns.
 */
function isSignatureLine(line: string): boolean {
  return (
    AUTHORITY.test(line) ||
    SIGNED_MARK.test(line) ||
    PERSON_NAME.test(line) ||
    (isMostlyUpper(line, 0.8) && !BULLET.test(line) && !/^Lưu/u.test(line))
  );
}

/** Reads the list that starts at the last "Nơi nhận" line of `lines`. */
export function readRecipients(lines: string[]): RecipientsReading {
  const used = new Set<number>();
  const recipients: Recipient[] = [];
  const start = lines.map((line) => NOI_NHAN.test(line)).lastIndexOf(true);
  if (start < 0) return { recipients, used };
  used.add(start);
  const inline = (lines[start] ?? '').replace(NOI_NHAN, '').trim();
  const entries: { text: string; bullet: boolean }[] = inline ? [{ text: inline, bullet: BULLET.test(inline) }] : [];
  for (let i = start + 1; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (!line) continue;
    // Signature lines may be interleaved when the two footer columns were collapsed.
    if (isSignatureLine(line)) continue;
    const last = entries[entries.length - 1];
    const bullet = BULLET.test(line);
    if (/:$/u.test(line) && !bullet) {
      // A sub-heading such as "Gửi bản điện tử:".
    } else if (last && /^\p{Ll}/u.test(line)) {
      last.text = `${last.text} ${line}`;
    } else if (bullet || /^Lưu/u.test(line) || !entries.some((entry) => entry.bullet)) {
      entries.push({ text: line, bullet });
    } else {
      break;
    }
    used.add(i);
  }
  for (const entry of entries) {
    const recipient = readRecipient(entry.text);
    if (recipient) recipients.push(recipient);
  }
  return { recipients, used };
}
