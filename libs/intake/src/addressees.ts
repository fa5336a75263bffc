/**
 * "Kính gửi": the units that must act. One per "-" line, or inline after the colon for a single
 * unit (several inline ones are separated by ";").
 */
import { trimEntryPunctuation } from './normalise';
import { BODY_OPENING, BULLET, KINH_GUI, SECTION_NUMBER } from './patterns';

/** The addressees and the line span they occupy. */
export interface AddresseeReading {
  entries: string[];
  /** Index of the "Kính gửi" line. */
  start: number;
  /** Index of the first line after the list. */
  end: number;
}

function clean(entry: string): string {
  return trimEntryPunctuation(entry.replace(BULLET, '').trim());
}

function isBodyLine(line: string): boolean {
  return BODY_OPENING.test(line) || SECTION_NUMBER.test(line) || line.length > 150;
}

/**
 * Where the "Kính gửi" line is: near the top and before the first numbered part, so a letter
 * quoted inside the body is not taken for this one's addressees. -1 when there is none.
 */
export function findKinhGui(lines: string[]): number {
  const firstSection = lines.findIndex((line) => SECTION_NUMBER.test(line));
  const limit = Math.min(firstSection >= 0 ? firstSection : lines.length, 80);
  return lines.findIndex((line, i) => i < limit && KINH_GUI.test(line));
}

/** Reads the "Kính gửi" block whose first line is `start`. */
export function readAddressees(lines: string[], start: number): AddresseeReading {
  const entries: string[] = [];
  const inline = (lines[start] ?? '').replace(KINH_GUI, '').trim();
  const inlineDash = BULLET.test(inline);
  if (inline) entries.push(...(inlineDash ? [inline] : inline.split(';')).map(clean).filter(Boolean));

  let end = start + 1;
  // Without dashes, names stand one per line while each ends in "," or ";".
  let undashedOpen = !inline;
  for (let i = start + 1; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (!line) continue;
    const last = entries.length - 1;
    if (BULLET.test(line)) {
      entries.push(clean(line));
      undashedOpen = false;
    } else if (last >= 0 && /^\p{Ll}/u.test(line)) {
      entries[last] = clean(`${entries[last]} ${line}`);
    } else if (undashedOpen && !isBodyLine(line)) {
      entries.push(clean(line));
      undashedOpen = /[,;]$/u.test(line);
    } else {
      break;
    }
    end = i + 1;
  }
  return { entries: entries.filter(Boolean), start, end };
}
