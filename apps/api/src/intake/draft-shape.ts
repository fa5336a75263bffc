import type { DirectiveDraft } from '@dondoc/intake';
import { FieldErrors } from '../errors/errors';

/**
 * An edited draft comes from a client: check the shape the conversion relies on, so a broken
 * edit is a 400 naming the field, never a 500. Lists it does not use may be left out.
 */
export function normaliseDraft(draft: DirectiveDraft): DirectiveDraft {
  const problems: { field: string; problem: string }[] = [];
  const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const list = <T>(key: 'sections' | 'addressees' | 'matches'): T[] => {
    const value: unknown = draft[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      problems.push({ field: `draft.${key}`, problem: 'must be a list' });
      return [];
    }
    return value as T[];
  };
  const sections = list<DirectiveDraft['sections'][number]>('sections');
  sections.forEach((section, i) => {
    if (typeof section !== 'object' || section === null)
      return problems.push({ field: `draft.sections[${i}]`, problem: 'must be an object' });
    if (!isStrings(section.units))
      problems.push({ field: `draft.sections[${i}].units`, problem: 'must be a list of unit names' });
    if (!isStrings(section.instructions))
      problems.push({ field: `draft.sections[${i}].instructions`, problem: 'must be a list of texts' });
    if (
      section.role !== null &&
      section.role !== undefined &&
      section.role !== 'lead' &&
      section.role !== 'coordinate'
    ) {
      problems.push({ field: `draft.sections[${i}].role`, problem: 'must be lead, coordinate or null' });
    }
    return undefined;
  });
  const addressees = list<string>('addressees');
  if (!isStrings(addressees)) problems.push({ field: 'draft.addressees', problem: 'must be a list of names' });
  const matches = list<DirectiveDraft['matches'][number]>('matches');
  matches.forEach((m, i) => {
    if (typeof m !== 'object' || m === null || typeof m.text !== 'string')
      return problems.push({ field: `draft.matches[${i}].text`, problem: 'must be a text' });
    if (m.unitId !== null && m.unitId !== undefined && typeof m.unitId !== 'string')
      problems.push({ field: `draft.matches[${i}].unitId`, problem: 'must be a unit id or null' });
    if (m.unitIds !== undefined && !isStrings(m.unitIds))
      problems.push({ field: `draft.matches[${i}].unitIds`, problem: 'must be a list of unit ids' });
    return undefined;
  });
  for (const key of ['reference', 'subject', 'issuedOn'] as const) {
    if (draft[key] !== null && draft[key] !== undefined && typeof draft[key] !== 'string')
      problems.push({ field: `draft.${key}`, problem: 'must be a text or null' });
  }
  if (problems.length > 0) throw new FieldErrors(problems);
  return { ...draft, sections, addressees, matches };
}
