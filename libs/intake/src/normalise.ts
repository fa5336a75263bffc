/**
 * Text normalisation: one Unicode form and one tone placement, so that "uỷ ban" and "ủy ban",
 * "hoà" and "hòa" read as the same words everywhere downstream.
 */

/** Vietnamese tone marks as combining characters: grave, acute, tilde, hook above, dot below. */
const TONE_MARKS = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
/** Open syllables where the old style put the tone on the second vowel (hoà, khoẻ, uỷ). */
const MOVABLE_PAIRS = new Set(['oa', 'oe', 'uy']);

interface Glyph {
  base: string;
  marks: string[];
}

function toGlyphs(decomposed: string): Glyph[] {
  const glyphs: Glyph[] = [];
  for (const char of decomposed) {
    const last = glyphs[glyphs.length - 1];
    if (/\p{M}/u.test(char) && last) last.marks.push(char);
    else glyphs.push({ base: char, marks: [] });
  }
  return glyphs;
}

/**
 * Moves the tone of an open "oa", "oe", "uy" syllable from the second vowel to the first (the
 * placement of current official texts: hòa, khỏe, ủy). "qu" + y keeps its tone on y ("quý"), and
 * syllables with a final consonant ("hoàn", "thuyết") are correct in both styles and left alone.
 */
function modernToneWord(word: string): string {
  const glyphs = toGlyphs(word.normalize('NFD'));
  const vowelAt = glyphs.map((g) => VOWELS.has(g.base.toLowerCase()));
  const first = vowelAt.indexOf(true);
  if (first < 0 || first + 2 !== glyphs.length || !vowelAt[first + 1]) return word;
  const a = glyphs[first];
  const b = glyphs[first + 1];
  if (!a || !b) return word;
  const pair = (a.base + b.base).toLowerCase();
  if (!MOVABLE_PAIRS.has(pair) || a.marks.length > 0) return word;
  if (pair === 'uy' && glyphs[first - 1]?.base.toLowerCase() === 'q') return word;
  const tone = b.marks.find((m) => TONE_MARKS.has(m));
  if (!tone || b.marks.length !== 1) return word;
  a.marks.push(tone);
  b.marks = [];
  return glyphs.map((g) => g.base + g.marks.join('')).join('');
}

/** Modern tone placement for every word of a text (input in any normal form; output NFC). */
export function modernTonePlacement(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\p{L}\p{M}]+/gu, modernToneWord)
    .normalize('NFC');
}

/**
 * The one normal form every reader stage works on: NFC, modern tone placement, Đ for the look-alike
 * Ð (U+00D0), Unix line ends, no-break and zero-width spaces made plain, soft hyphens dropped.
 */
export function normaliseText(text: string): string {
  const plain = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/\u00D0/g, 'Đ')
    .replace(/\u00F0/g, 'đ');
  return modernTonePlacement(plain);
}

/** Collapses runs of spaces and tabs and trims. */
export function squeeze(text: string): string {
  return text.replace(/[ \t]+/g, ' ').trim();
}

/** Lower case without diacritics (đ → d), for comparisons that forgive a missing hook or a typo'd accent. */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** Removes trailing punctuation a list entry carries (",", ";", ".", ":", the end mark "./."). */
export function trimEntryPunctuation(text: string): string {
  return text.replace(/[\s,;.:/]+$/u, '').trim();
}

/** True when most letters are capitals (header and signature lines). */
export function isMostlyUpper(text: string, ratio = 0.7): boolean {
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  if (letters.length < 2) return false;
  const upper = letters.filter((c) => /\p{Lu}/u.test(c)).length;
  return upper / letters.length >= ratio;
}
