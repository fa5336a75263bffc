/**
 * What a file is, from its first bytes: a name or a Content-Type says what the sender believes,
 * the bytes say what the reader will find.
 */

/** The kinds of file the reader tells apart. */
export type FileKind = 'pdf' | 'docx' | 'zip' | 'png' | 'jpeg' | 'tiff' | 'text' | 'binary';

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return bytes.every((byte, i) => buffer[i] === byte);
}

/** Text is valid UTF-8 without NUL bytes; a BOM is allowed. */
function isText(buffer: Buffer): boolean {
  if (buffer.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

/** The kind of `buffer`. A ZIP is a DOCX when it holds word/document.xml. */
export function detectKind(buffer: Buffer): FileKind {
  // A PDF may have a few bytes of junk before its header; readers allow 1024.
  if (buffer.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) return buffer.includes('word/document.xml') ? 'docx' : 'zip';
  if (startsWith(buffer, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(buffer, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buffer, [0x49, 0x49, 0x2a, 0x00]) || startsWith(buffer, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  return isText(buffer) ? 'text' : 'binary';
}
