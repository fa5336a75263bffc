/**
 * Per-field confidence of a draft read from a file. A field's confidence is the reliability of
 * the way its text was obtained, times, for OCR, the mean confidence Tesseract gave the words the
 * field is made of:
 *   - typed text, Markdown, DOCX: 1 (the characters are the sender's own);
 *   - a PDF's text layer: 0.95 (the characters are exact; lines and columns were rebuilt from
 *     positions, which can misplace a line);
 *   - OCR: 0.9 × mean(word confidence / 100) over the field's words found among the OCR words
 *     (a word counted at its lowest reading); a value not printed as such (the format, an ISO
 *     date) takes the mean confidence of all the words read.
 * A field the reader found empty gets half its source's reliability: it may be missing from the
 * letter, or the reader may have missed it.
 */
import { SCORED_FIELDS } from '../evaluation';
import type { DirectiveDraft, FieldConfidence } from '../types';
import { UNCERTAIN_BELOW, type OcrWord } from './ocr';

/** How text reached the reader. */
export type TextSource = 'typed' | 'text-layer' | 'ocr';

const RELIABILITY: Record<TextSource, number> = { typed: 1, 'text-layer': 0.95, ocr: 0.9 };

/** Words as compared: lower case, split at anything not a letter or digit ("3855/UBND" is two). */
const tokens = (text: string): string[] =>
  text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

const isEmpty = (value: unknown): boolean => strings(value).length === 0;

/** Confidence of every scored field of `draft`; `ocrWords` for the OCR-read parts (may be empty). */
export function fieldConfidence(
  draft: DirectiveDraft,
  source: TextSource,
  ocrWords: OcrWord[],
): Record<string, FieldConfidence> {
  // The lowest confidence a token was read with anywhere: a field is as sure as its worst reading.
  const lowest = new Map<string, number>();
  for (const word of ocrWords) {
    for (const key of tokens(word.text)) lowest.set(key, Math.min(lowest.get(key) ?? 100, word.confidence));
  }
  const overall = ocrWords.length === 0 ? 0 : ocrWords.reduce((sum, w) => sum + w.confidence, 0) / ocrWords.length;
  const result: Record<string, FieldConfidence> = {};
  for (const field of SCORED_FIELDS) {
    const value: unknown = draft[field];
    const base = RELIABILITY[source];
    if (isEmpty(value)) {
      result[field] = { confidence: base / 2 };
      continue;
    }
    if (source !== 'ocr') {
      result[field] = { confidence: base };
      continue;
    }
    const words = strings(value).flatMap(tokens);
    const scores = words.map((w) => lowest.get(w)).filter((c): c is number => c !== undefined);
    // A value not printed as such (a format, an ISO date) is as sure as the page it came from.
    const meanScore = scores.length === 0 ? overall : scores.reduce((a, b) => a + b, 0) / scores.length;
    const uncertainWords = [...new Set(words.filter((w) => (lowest.get(w) ?? 100) < UNCERTAIN_BELOW))];
    result[field] = {
      confidence: Math.round(base * (meanScore / 100) * 100) / 100,
      ...(uncertainWords.length > 0 ? { uncertainWords } : {}),
    };
  }
  return result;
}
