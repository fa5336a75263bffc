/**
 * Plain-words warnings: what the reader could not find or had to guess, so a clerk knows which
 * fields of the draft to check.
 */
import type { HeaderReading } from './header';
import type { LedeReading } from './news-lede';
import type { DirectiveDraft } from './types';

/** What the reader knows besides the draft. */
export interface GapFacts {
  header: HeaderReading;
  lede: LedeReading | null;
  unitsGiven: boolean;
}

function headerWarnings(draft: DirectiveDraft, { header, lede }: GapFacts): string[] {
  const out: string[] = [];
  if (lede)
    out.push('No letter header: number, issuer, date and subject come from the lead sentence of a news report.');
  if (!header.numberLine && !lede) out.push('No number line ("Số …") was found.');
  if (draft.reference && draft.number === null) {
    out.push(`The number is blank ("Số: ${draft.reference}"): this copy was made before the letter was numbered.`);
  }
  if (lede?.incompleteDate) out.push(`The date "${lede.incompleteDate}" has no year, so issuedOn is left empty.`);
  if (header.dateBlank)
    out.push(`The date is not filled in ("${header.datePrinted ?? ''}"), so issuedOn is left empty.`);
  else if (header.datePrinted && !draft.issuedOn) out.push(`The date "${header.datePrinted}" is not a real date.`);
  else if (!header.datePrinted && !lede) out.push('No place-and-date line ("…, ngày … tháng … năm …") was found.');
  if (!draft.issuer.name) out.push('No issuing body was found in the header.');
  if (!draft.subject) out.push('No subject (trích yếu) was found.');
  if (!draft.type) out.push('The document type could not be told from the number, a title or a "V/v" subject.');
  return out;
}

function bodyWarnings(draft: DirectiveDraft): string[] {
  const out: string[] = [];
  if (draft.addressees.length === 0) out.push('No "Kính gửi" list: there are no addressees.');
  if (draft.sections.length === 0) out.push('No numbered sections: the tasks could not be split by unit.');
  const unitless = draft.sections.filter((s) => s.units.length === 0).map((s) => s.number);
  if (unitless.length > 0) out.push(`Sections naming no unit: ${unitless.join(', ')}.`);
  if (draft.recipients.length === 0) out.push('No "Nơi nhận" list was found.');
  if (!draft.signature) out.push('No signature block was found.');
  return out;
}

function matchWarnings(draft: DirectiveDraft, unitsGiven: boolean): string[] {
  if (!unitsGiven) return [];
  const out: string[] = [];
  const unmatched = draft.matches
    .filter((m) => m.unitId === null && !m.unitIds && !m.candidates)
    .map((m) => `"${m.text}"`);
  if (unmatched.length > 0) out.push(`Not matched to a known unit: ${unmatched.join('; ')}.`);
  for (const m of draft.matches.filter((m) => m.unitId === null && m.candidates)) {
    out.push(`"${m.text}" is not a sure match; it may be ${m.candidates?.join(', ')}.`);
  }
  return out;
}

/** Warnings for a finished draft. */
export function describeGaps(draft: DirectiveDraft, facts: GapFacts): string[] {
  return [...headerWarnings(draft, facts), ...bodyWarnings(draft), ...matchWarnings(draft, facts.unitsGiven)];
}
