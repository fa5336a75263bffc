/**
 * Documents cited in the body and footnotes: "Thực hiện Công văn số 335-CV/TU, ngày 06 tháng 8
 * năm 2021 của Tỉnh ủy Bắc Kạn về việc …". Each citation gives number and symbol, date, issuer and
 * the verb that cites it.
 */
import { DATE_SOURCE, parseDate } from './dates';
import { END } from './patterns';
import { CITATION, TYPE_NAMES, referencesOf } from './symbols';
import type { CitedDocument } from './types';

/** Verbs that cite a document wherever they stand before it in the clause. */
const STRONG_VERBS = [
  'xét đề nghị',
  'nhận được',
  'thực hiện',
  'căn cứ',
  'quán triệt',
  'triển khai',
  'phúc đáp',
  'trả lời',
  'thi hành',
];
/** Verbs that cite only when directly before the document ("theo Kế hoạch số …", "tại Văn bản …"). */
const NEAR_VERBS = ['theo', 'tại'];
/** Verbs that mean this document implements the cited one. */
const IMPLEMENTING = new Set(['thực hiện', 'triển khai', 'nhận được']);

const DOC_WORDS = TYPE_NAMES.map(([name]) => name).join('|');
const NEAR = new RegExp(
  String.raw`(?:^|[\s,;(])(${NEAR_VERBS.join('|')})\s+(?:(?:${DOC_WORDS}|luật|pháp lệnh)(?:\s+[^\s\d]+){0,4}?\s+)?(?:số\s*:?\s*)?$`,
  'iu',
);
/** Sticky: read at the end of a citation, without copying the rest of the paragraph. */
const AFTER_DATE = new RegExp(String.raw`\s*,?\s*(?:ban hành\s+)?ngày\s+(${DATE_SOURCE})`, 'uy');
const ISSUER = new RegExp(
  String.raw`\s*,?\s*của\s+(.+?)(?=\s+(?:về|V\/v|v\/v|ban hành|[Qq]uy định|sửa đổi|hướng dẫn|trong|để|đối với|tại|nhằm|gửi|và các|đã|theo|cho|với|là)${END}|[,;.:()"“”]|\s+-\s|$)`,
  'uy',
);
/** A list of numbers sharing one symbol needs a citing word right before it, so "năm 2021, 3855/UBND" stays one. */
const LIST_LEAD = new RegExp(String.raw`(?:số|${DOC_WORDS})\s*:?\s*$`, 'iu');

function lastStrongVerb(window: string): { verb: string; at: number } | null {
  const lower = window.toLowerCase();
  let best: { verb: string; at: number } | null = null;
  for (const verb of STRONG_VERBS) {
    const at = lower.lastIndexOf(verb);
    if (at >= 0 && (!best || at > best.at)) best = { verb, at };
  }
  return best;
}

/** A citation, and whether its verb asks mid-sentence to act "theo" it (so it is not implemented). */
type Citation = CitedDocument & { midText: boolean };

/**
 * Citations of one paragraph; `selfReference` (the document's own) is skipped but ends a clause.
 * The verb is the last citing verb between the previous citation and this one; failing that, a
 * citation continues the list of the one before it in the same sentence and shares its verb.
 */
function citationsIn(text: string, selfReference: string | null): Citation[] {
  const found: Citation[] = [];
  const sentenceStarts = [...text.matchAll(/\.\s+(?=\p{Lu})/gu)].map((m) => (m.index ?? 0) + 1);
  let clauseStart = 0;
  let previous: Citation | null = null;
  for (const match of text.matchAll(CITATION)) {
    const at = match.index ?? 0;
    const sentenceStart = sentenceStarts.filter((i) => i <= at).pop() ?? 0;
    if (sentenceStart > clauseStart) {
      clauseStart = sentenceStart;
      previous = null;
    }
    const window = text.slice(clauseStart, at);
    const refs = referencesOf(match, LIST_LEAD.test(window));
    let consumed = at + match[0].length;
    AFTER_DATE.lastIndex = consumed;
    const date = AFTER_DATE.exec(text);
    if (date) consumed += date[0].length;
    ISSUER.lastIndex = consumed;
    const issuerMatch = ISSUER.exec(text);
    const issuer = issuerMatch?.[1]?.trim() || null;
    if (issuerMatch) consumed += issuerMatch[0].length;
    const strong = lastStrongVerb(window);
    const verb: string | null = strong?.verb ?? NEAR.exec(window)?.[1]?.toLowerCase() ?? previous?.verb ?? null;
    // "… yêu cầu các đơn vị thực hiện theo Hướng dẫn số …": the verb mid-sentence and followed
    // by "theo" asks to follow a document; "Thực hiện Công văn …" opening a clause implements one.
    const before = strong ? text.slice(sentenceStart, clauseStart + strong.at).trim() : '';
    const followsTheo = strong ? /^\s+(?:đúng\s+)?theo\s/iu.test(window.slice(strong.at + strong.verb.length)) : false;
    const midText = strong ? followsTheo && before !== '' && !/[;:,.]$/u.test(before) : (previous?.midText ?? false);
    const issuedOn = date?.[1] ? parseDate(date[1]) : null;
    const current: Citation[] = refs.map((ref) => ({ reference: ref.reference, issuedOn, issuer, verb, midText }));
    clauseStart = consumed;
    const kept = current.filter((c) => c.reference !== selfReference);
    found.push(...kept);
    // After the document's own number, nothing is inherited: its verb ("ban hành") cites nothing.
    previous = kept[kept.length - 1] ?? null;
  }
  return found;
}

/** Every document cited in `paragraphs` (body, then footnotes), first citation first, each once. */
export function findReferences(paragraphs: string[], selfReference: string | null): CitedDocument[] {
  const byReference = new Map<string, CitedDocument>();
  for (const text of paragraphs) {
    for (const { midText: _midText, ...cited } of citationsIn(text, selfReference)) {
      const known = byReference.get(cited.reference);
      if (!known) byReference.set(cited.reference, cited);
      else {
        known.issuedOn ??= cited.issuedOn;
        known.issuer ??= cited.issuer;
      }
    }
  }
  return [...byReference.values()];
}

/**
 * The document being implemented: the first cited in the preamble with an implementing verb, but
 * not one asked mid-sentence to be acted on ("… yêu cầu các đơn vị thực hiện theo Hướng dẫn số …"):
 * that names a document to follow, not the one implemented.
 */
export function findParent(preamble: string[], selfReference: string | null): CitedDocument | null {
  const first = preamble
    .flatMap((text) => citationsIn(text, selfReference))
    .find((c) => !c.midText && c.verb !== null && IMPLEMENTING.has(c.verb));
  if (!first) return null;
  // The same document as findReferences reports it (its date or issuer may come from a later mention).
  return findReferences(preamble, selfReference).find((cited) => cited.reference === first.reference) ?? null;
}
