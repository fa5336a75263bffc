/**
 * Words OCR misreads by one mark or one look-alike letter (TUYỂN for TUYÊN, "chỉ bộ" for "chi
 * bộ", "Lưu: VI" for "Lưu: VT") corrected against phrases the reader already knows: the fixed
 * words of a letter's header, Nơi nhận and signature, the names of document types and of the
 * bodies letters come from, and the organisation tree's unit names. A phrase of two words or more
 * is matched as a whole, so a word that is right on its own ("trường", "chỉ") is only changed
 * where the words around it say which phrase it belongs to.
 */
import { foldAccents, normaliseText } from '../normalise';
import { TYPE_NAMES } from '../symbols';
import type { OrgUnitRef } from '../types';

/** Fixed words of a letter's frame: header, addressees, Nơi nhận, signature. */
const FRAME_PHRASES = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'ĐẢNG CỘNG SẢN VIỆT NAM',
  'Kính gửi',
  'Nơi nhận',
  'Như trên',
  'Như kính gửi',
  'Lưu: VT',
  'Lưu VT',
  '(b/c)',
  'TRƯỞNG BAN',
  'PHÓ TRƯỞNG BAN',
  'CHỦ TỊCH',
  'PHÓ CHỦ TỊCH',
  'BÍ THƯ',
  'PHÓ BÍ THƯ',
  'GIÁM ĐỐC',
  'PHÓ GIÁM ĐỐC',
  'CHÁNH VĂN PHÒNG',
  'THƯỜNG TRỰC',
  'BAN THƯỜNG VỤ',
  'ỦY BAN NHÂN DÂN',
  'HỘI ĐỒNG NHÂN DÂN',
];

/** Bodies and groups letters name: the issuer's line, addressees, units of a section. */
const BODY_PHRASES = [
  'Ban Tuyên giáo',
  'Ban Tuyên giáo và Dân vận',
  'Ban Dân vận',
  'Ban Tổ chức',
  'Ban Kiểm tra',
  'Ban Nội chính',
  'Ban Chấp hành',
  'Ban Thường vụ',
  'Ban Bí thư',
  'Ban Chỉ đạo',
  'Văn phòng',
  'Ủy ban nhân dân',
  'Hội đồng nhân dân',
  'Ủy ban Mặt trận Tổ quốc',
  'Trung ương',
  'Tỉnh ủy',
  'Thành ủy',
  'Huyện ủy',
  'Đảng ủy',
  'chi bộ',
  'đảng bộ',
  'thành phố',
  'thị trấn',
  'thị xã',
  'chi, đảng bộ',
  'trực thuộc',
  'Công an',
  'Sở Y tế',
  'Trung tâm Y tế',
  'Sở Thông tin và Truyền thông',
  'Phòng Văn hóa và Thông tin',
];

/** What a substitution of one character for another costs: a lost or wrong mark is cheap. */
function substitutionCost(read: string, meant: string): number {
  if (read === meant) return 0;
  if (foldAccents(read) === foldAccents(meant)) return 0.25;
  return LOOK_ALIKE.has(`${read}${meant}`) || LOOK_ALIKE.has(`${meant}${read}`) ? 0.5 : 1;
}

/** Pairs of characters (lower case) Tesseract takes for one another in a letter's fonts. */
const LOOK_ALIKE = new Set(['it', 'il', 'l1', 'i1', 'lt', 'o0', '©c', '€c', 'hb', 'ec']);

/** At most this much difference, in the costs above, between a read phrase and a known one. */
const MAX_COST = 0.5;

/** Weighted edit distance of two words (lower case); insertions and deletions cost 1. */
function wordCost(read: string, meant: string, limit: number): number {
  const a = [...read];
  const b = [...meant];
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min(
        (previous[j] ?? Infinity) + 1,
        (row[j - 1] ?? Infinity) + 1,
        (previous[j - 1] ?? Infinity) + substitutionCost(a[i - 1] ?? '', b[j - 1] ?? ''),
      );
    }
    previous = row;
  }
  return previous[b.length] ?? Infinity;
}

/** A known phrase: its words (lower case) and their accent-free forms for a quick first test. */
interface Phrase {
  words: string[];
  folded: string[];
}

/** The vocabulary OCR text is corrected against. */
export interface OcrVocabulary {
  /** Phrases by their number of words. */
  byLength: Map<number, Phrase[]>;
  /** Every known phrase, lower case, words joined by one space: never corrected. */
  known: Set<string>;
}

/** The vocabulary: the frame of a letter, type names and bodies, and the given units' names. */
export function ocrVocabulary(units: OrgUnitRef[] = []): OcrVocabulary {
  const texts = [
    ...FRAME_PHRASES,
    ...BODY_PHRASES,
    ...TYPE_NAMES.map(([name]) => name),
    ...units.flatMap((u) => [u.name, ...(u.aliases ?? [])]),
  ];
  const byLength = new Map<number, Phrase[]>();
  const known = new Set<string>();
  for (const text of texts) {
    const words = normaliseText(text)
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w !== '');
    // One word alone is changed only when it carries punctuation of its own, like "(b/c)".
    if (words.length === 0 || (words.length === 1 && /^\p{L}+$/u.test(words[0] ?? ''))) continue;
    const key = words.join(' ');
    if (known.has(key)) continue;
    known.add(key);
    const list = byLength.get(words.length) ?? [];
    list.push({ words, folded: words.map(foldLoose) });
    byLength.set(words.length, list);
  }
  return { byLength, known };
}

/** Accent-free and with look-alikes merged, so candidates are found by a plain comparison. */
function foldLoose(word: string): string {
  return foldAccents(word).replace(/[t1l]/g, 'i').replace(/0/g, 'o').replace(/[©€e]/g, 'c').replace(/h/g, 'b');
}

/** Trailing punctuation a word carries in running text, kept out of the comparison. */
const TRAILING = /[,;.:]+$/u;

/** `meant` written in the case of `read`: all capitals, or with the first letter's case of `read`. */
function inCaseOf(read: string, meant: string): string {
  const letters = read.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase()) return meant.toUpperCase();
  const first = /\p{L}/u.exec(meant)?.index ?? 0;
  const letter = meant.charAt(first);
  const cased = /^\p{Lu}/u.test(letters) ? letter.toUpperCase() : letter.toLowerCase();
  return meant.slice(0, first) + cased + meant.slice(first + 1);
}

/** Corrects one run of words (a line, or one cell of a table row). */
function correctWords(words: string[], vocabulary: OcrVocabulary): string[] {
  const out = [...words];
  const lengths = [...vocabulary.byLength.keys()].sort((a, b) => b - a);
  for (let start = 0; start < out.length; start += 1) {
    for (const length of lengths) {
      if (start + length > out.length) continue;
      const window = out.slice(start, start + length);
      const core = window.map((w, i) => (i === length - 1 ? w.replace(TRAILING, '') : w).toLowerCase());
      if (core.some((w) => w === '') || vocabulary.known.has(core.join(' '))) continue;
      const folded = core.map(foldLoose);
      let best: Phrase | null = null;
      let bestCost = Infinity;
      let tie = false;
      for (const phrase of vocabulary.byLength.get(length) ?? []) {
        if (!phrase.folded.every((f, i) => f === folded[i])) continue;
        const cost = phrase.words.reduce((sum, word, i) => sum + wordCost(core[i] ?? '', word, MAX_COST), 0);
        if (cost < bestCost) [best, bestCost, tie] = [phrase, cost, false];
        else if (cost === bestCost) tie = true;
      }
      if (!best || tie || bestCost > MAX_COST) continue;
      const trailing = TRAILING.exec(window[length - 1] ?? '')?.[0] ?? '';
      best.words.forEach((word, i) => {
        out[start + i] = inCaseOf(window[i] ?? '', word) + (i === length - 1 ? trailing : '');
      });
      start += length - 1;
      break;
    }
  }
  return out;
}

/**
 * The star under a Party issuer's name, read as a symbol or two ("s%", "+", "»"): a cell of at
 * most three characters holding a star-like sign, or symbols only (not a rule of dashes or dots).
 */
const MISREAD_STAR = /^(?:(?=.*[*%#+×])\S{1,3}|[^\p{L}\d\s\-–—_.…,;:()]{1,3})$/u;
/** "Lưu: VT NVY" or "Lưu: VT; NVY": the comma between the archive's abbreviations misread or lost. */
const ARCHIVE_LIST = /(Lưu\s*:?\s*VT)(?:;\s*|\s+)(?=\p{Lu}{2,})/gu;

/** One cell of a table row, or a line: known phrases corrected, a misread star put back. */
function correctCell(cell: string, vocabulary: OcrVocabulary): string {
  const trimmed = cell.trim();
  if (trimmed === '') return cell;
  const lead = /^\s*/.exec(cell)?.[0] ?? '';
  const tail = /\s*$/.exec(cell)?.[0] ?? '';
  if (MISREAD_STAR.test(trimmed)) return `${lead}*${tail}`;
  return lead + correctWords(trimmed.split(/ +/), vocabulary).join(' ').replace(ARCHIVE_LIST, '$1, ') + tail;
}

/** OCR text with the words that are one mark or one look-alike away from a known phrase corrected. */
export function correctOcrWords(text: string, vocabulary: OcrVocabulary): string {
  return (
    normaliseText(text)
      .split('\n')
      // Table cells (the header's and footer's columns) are corrected one by one, never across.
      .map((line) =>
        line.startsWith('|')
          ? line
              .split('|')
              .map((cell) => correctCell(cell, vocabulary))
              .join('|')
          : correctCell(line, vocabulary),
      )
      .join('\n')
  );
}
