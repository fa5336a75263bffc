/**
 * The reader: from the plain or markdown text of a công văn (State or Party format) to a draft
 * directive. It never throws on odd input; what it cannot find stays empty and a warning says so.
 */
import { findKinhGui, readAddressees } from './addressees';
import { headerEnd } from './columns';
import { readHeader } from './header';
import { readLede } from './news-lede';
import { readBody } from './paragraphs';
import { prepareText } from './prepare';
import { readRecipients } from './recipients';
import { findParent, findReferences } from './references';
import { readSections } from './sections';
import { readSignature } from './signature';
import type { DirectiveDraft, ReadOptions } from './types';
import { createMatchContext, isExactUnitName, matchUnit, matchUnits } from './unit-matcher';
import { describeGaps } from './warnings';

/** An empty draft: the shape every result has. */
export function emptyDraft(): DirectiveDraft {
  return {
    format: null,
    number: null,
    reference: null,
    type: null,
    issuer: { name: null, parent: null },
    place: null,
    issuedOn: null,
    subject: null,
    addressees: [],
    references: [],
    parent: null,
    sections: [],
    closing: null,
    recipients: [],
    signature: null,
    notes: [],
    matches: [],
    warnings: [],
  };
}

function read(text: string, options: ReadOptions): DirectiveDraft {
  const draft = emptyDraft();
  const { lines, notes } = prepareText(text);
  draft.notes = notes;

  const kinhGui = findKinhGui(lines);
  const header = readHeader(lines, kinhGui >= 0 ? kinhGui : headerEnd(lines));
  const addressees = kinhGui >= 0 ? readAddressees(lines, kinhGui) : null;
  const body = readBody(lines, addressees ? addressees.end : header.end);
  Object.assign(draft, {
    format: header.format,
    number: header.numberLine?.number ?? null,
    reference: header.numberLine?.reference ?? null,
    type: header.type,
    issuer: header.issuer,
    place: header.place,
    issuedOn: header.issuedOn,
    subject: header.subject,
    addressees: addressees?.entries ?? [],
  });

  const lede = header.numberLine
    ? null
    : readLede(lines.slice(0, addressees ? addressees.start : body.end).filter(Boolean));
  if (lede) {
    Object.assign(draft, {
      format: draft.format ?? lede.reference.style,
      number: lede.reference.number,
      reference: lede.reference.reference,
      type: lede.type,
      issuer: { name: draft.issuer.name ?? lede.issuer, parent: draft.issuer.parent },
      issuedOn: draft.issuedOn ?? lede.issuedOn,
      subject: draft.subject ?? lede.subject,
    });
  }

  const context = createMatchContext(options.units ?? [], [draft.issuer.name, draft.issuer.parent, draft.place]);
  const known = {
    names: (text: string): boolean => {
      const match = matchUnit(text, context);
      return match.unitId !== null || (match.unitIds?.length ?? 0) > 0;
    },
    exactly: (text: string): boolean => isExactUnitName(text, context),
  };
  const { preamble, sections, closing } = readSections(body.paragraphs, draft.addressees, known);
  Object.assign(draft, { sections, closing });
  const bodyTexts = body.paragraphs.map((p) => p.text);
  draft.references = findReferences([...bodyTexts, ...notes], draft.reference);
  draft.parent = findParent(
    (sections.length > 0 ? preamble : body.paragraphs).map((p) => p.text),
    draft.reference,
  );

  const footer = lines.slice(body.end);
  const recipients = readRecipients(footer);
  draft.recipients = recipients.recipients;
  draft.signature = readSignature(footer, recipients.used);

  draft.matches = matchUnits([...draft.addressees, ...sections.flatMap((s) => s.units)], context);
  draft.warnings = describeGaps(draft, { header, lede, unitsGiven: (options.units ?? []).length > 0 });
  return draft;
}

/**
 * Reads a directive from the text of an official document. Never throws: on input it cannot
 * read it returns an empty draft whose `warnings` say what went wrong.
 */
export function readDirective(text: string, options: ReadOptions = {}): DirectiveDraft {
  const input = typeof text === 'string' ? text : text == null ? '' : String(text);
  const safeOptions: ReadOptions = options && Array.isArray(options.units) ? options : {};
  try {
    return read(input, safeOptions);
  } catch (error) {
    const draft = emptyDraft();
    const reason = error instanceof Error ? error.message : String(error);
    draft.warnings.push(`The reader failed on this text and returns nothing (${reason}); please report the document.`);
    return draft;
  }
}
