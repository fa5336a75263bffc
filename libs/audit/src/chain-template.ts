/**
 * A record's canonical text with holes where the three values only the chain's head knows go:
 * its time, the previous record's hash and its sequence number. The writer fills them in
 * PostgreSQL, in the one statement that advances the head (audit-store.ts), so the chain's lock is
 * held for one round trip; everything else in the text is made here by the same canonicalJson the
 * verifier uses, so the hash PostgreSQL computes is the hash {@link hashRecord} computes.
 */
import { randomUUID } from 'node:crypto';
import { canonicalJson } from './canonical';
import { entryContent, hashedContent, type AuditContent, type AuditRecord } from './chain';

/**
 * The canonical text of a record cut at its holes, in the order canonical JSON puts them (keys
 * sorted: `at` < `prevHash` < `seq`). `atText`: the record's time as the text to hash when the
 * caller gave one (else PostgreSQL's clock fills it at the head).
 */
export interface RecordTemplate {
  /** Up to the opening quote of `at`'s value. */
  readonly beforeAt: string;
  /** From the closing quote of `at` to the opening quote of `prevHash`'s value. */
  readonly beforePrevHash: string;
  /** From the closing quote of `prevHash` to the start of `seq`'s (numeric) value. */
  readonly beforeSeq: string;
  /** From the end of `seq`'s value to the end of the text. */
  readonly afterSeq: string;
}

/** Thrown when the hashed fields no longer come in the order the statement in PostgreSQL fills them. */
export class TemplateOrderError extends Error {
  override readonly name = 'TemplateOrderError';
}

/**
 * Cuts the canonical text of `entry` at its holes. Each hole is marked by a value no entry can
 * contain (a fresh random id) and must occur exactly once, so the cut never lands inside the
 * entry's own data.
 */
export function recordTemplate(entry: AuditContent): RecordTemplate {
  const mark = randomUUID();
  const holes = { at: `at:${mark}`, prevHash: `prev:${mark}`, seq: `seq:${mark}` };
  const text = canonicalJson(
    hashedContent({
      ...entryContent(entry),
      at: holes.at,
      prevHash: holes.prevHash,
      // A string in a number's place: cut out with its quotes below.
      seq: holes.seq as unknown as number,
    }),
  );
  const at = locate(text, holes.at);
  const prevHash = locate(text, holes.prevHash);
  const seq = locate(text, `"${holes.seq}"`);
  if (!(at < prevHash && prevHash < seq)) {
    throw new TemplateOrderError(
      'the hashed fields at, prevHash and seq are no longer in that order in canonical JSON',
    );
  }
  return {
    beforeAt: text.slice(0, at),
    beforePrevHash: text.slice(at + holes.at.length, prevHash),
    beforeSeq: text.slice(prevHash + holes.prevHash.length, seq),
    afterSeq: text.slice(seq + holes.seq.length + 2),
  };
}

/** The canonical text with its holes filled, as PostgreSQL fills them; what {@link hashRecord} hashes. */
export function fillTemplate(template: RecordTemplate, record: Pick<AuditRecord, 'at' | 'prevHash' | 'seq'>): string {
  return (
    template.beforeAt +
    record.at +
    template.beforePrevHash +
    record.prevHash +
    template.beforeSeq +
    String(record.seq) +
    template.afterSeq
  );
}

function locate(text: string, hole: string): number {
  const index = text.indexOf(hole);
  if (index < 0 || text.indexOf(hole, index + 1) >= 0) {
    throw new TemplateOrderError(`the mark ${hole} is not in the canonical text exactly once`);
  }
  return index;
}
