/**
 * What an attachment may be: its type told by its content (file-type reads the magic numbers and,
 * for the zip-based office formats, the entries), never by its name or the client's Content-Type;
 * and a file name that is a name, not a path.
 */
import type { FileTypeResult } from 'file-type';

/** The types a report may carry, by the media type the sniffer names, with the word people use. */
export const ALLOWED_ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'application/zip': 'ZIP',
};

/** Bytes of the start of a file the sniffer reads: enough for an office file's first zip entries. */
export const SNIFF_BYTES = 256 * 1024;

/** Longest file name kept, in characters (most file systems stop at 255 bytes). */
export const MAX_FILE_NAME_LENGTH = 255;

type Sniffer = (head: Uint8Array) => Promise<FileTypeResult | undefined>;
let sniffer: Promise<Sniffer> | undefined;
// An ES module; Node 20.19+ loads it from CommonJS, which is what this compiles to.
const loadSniffer = (): Promise<Sniffer> =>
  (sniffer ??= import('file-type').then((module) => (head: Uint8Array) => module.fileTypeFromBuffer(head)));

/** The allowed media type of `head`, or the problem to tell the uploader (in Vietnamese). */
export async function sniffAttachmentType(head: Uint8Array): Promise<{ type: string } | { problem: string }> {
  const sniff = await loadSniffer();
  const found = await sniff(head);
  const allowed = Object.values(ALLOWED_ATTACHMENT_TYPES).join(', ');
  if (found === undefined) {
    return { problem: `không nhận ra loại tệp từ nội dung; chỉ nhận các loại: ${allowed}` };
  }
  if (ALLOWED_ATTACHMENT_TYPES[found.mime] === undefined) {
    return {
      problem: `nội dung tệp là ${found.ext.toUpperCase()} (${found.mime}), không phải loại được nhận; chỉ nhận các loại: ${allowed}`,
    };
  }
  return { type: found.mime };
}

/** Why a file name cannot be kept, or null when it can: no path, no control characters, not blank. */
export function fileNameProblem(name: string): string | null {
  if (name.trim() === '') return 'tên tệp trống; hãy gửi tệp kèm tên của nó';
  if ([...name].length > MAX_FILE_NAME_LENGTH) return `tên tệp dài quá ${MAX_FILE_NAME_LENGTH} ký tự`;
  if (/[/\\]/.test(name)) return 'tên tệp có dấu phân cách đường dẫn (/ hoặc \\); hãy gửi tên tệp, không gửi đường dẫn';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'tên tệp có ký tự điều khiển';
  if (name === '.' || name === '..') return 'tên tệp không hợp lệ';
  return null;
}
