/** The pixel size of a PNG or JPEG from its header, without decoding it (null when unknown). */
export function imageSize(data: Buffer, kind: 'png' | 'jpeg' | 'tiff'): { width: number; height: number } | null {
  if (kind === 'png') return data.length >= 24 ? { width: data.readUInt32BE(16), height: data.readUInt32BE(20) } : null;
  if (kind !== 'jpeg') return null;
  let at = 2;
  while (at + 9 < data.length) {
    if (data[at] !== 0xff) return null;
    const marker = data[at + 1] ?? 0;
    // Start-of-frame markers carry the size; C4, C8 and CC are other segments in the same range.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: data.readUInt16BE(at + 5), width: data.readUInt16BE(at + 7) };
    }
    at += 2 + data.readUInt16BE(at + 2);
  }
  return null;
}
