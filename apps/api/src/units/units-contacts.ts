/**
 * A unit's contacts in the tree's import and export files. JSON carries them as a list on the
 * unit (`contacts: [{ name, email, topics, mode }]`); CSV in one cell of an optional `contacts`
 * column, one contact per line: `Văn phòng <vp@huyen.gov.vn> reminder|overdue each`. A file
 * without them (every file written before contacts existed) leaves the units' contacts as they
 * are; a unit that names them has exactly those afterwards.
 */
import {
  contactRecordOf,
  duplicateEmailProblems,
  type ContactProblem,
  type ContactRecord,
} from '../contacts/contact-rules';
import type { UnitInput } from './units.dto';

/** The optional CSV column of a unit's contacts. */
export const CONTACTS_COLUMN = 'contacts';

/** A unit read from an import, with its contacts when the file gives them. */
export type ImportedUnit = UnitInput & { contacts?: ContactRecord[] };

/** One line of the CSV cell: a name, the address in angle brackets, topics joined by `|`, and the mode. */
const CONTACT_LINE = /^(.*?)\s*<([^<>]*)>\s+(\S+)(?:\s+(\S+))?\s*$/;

/** The contacts of a JSON unit's `contacts` under `prefix` (`units[2]`), adding problems as `units[2].contacts[0].email`. */
export function contactsFromJson(value: unknown, prefix: string, problems: ContactProblem[]): ContactRecord[] {
  if (!Array.isArray(value)) {
    problems.push({ field: `${prefix}.contacts`, problem: 'must be a list of contacts' });
    return [];
  }
  const records = value
    .map((item: unknown, j) => contactRecordOf(item, `${prefix}.contacts[${j}]`, problems))
    .filter((record): record is ContactRecord => record !== undefined);
  if (records.length === value.length)
    problems.push(...duplicateEmailProblems(records, (j) => `${prefix}.contacts[${j}].email`));
  return records;
}

/** The contacts of a CSV cell (`field`: `rows[3].contacts`), one per line; an empty cell is none. */
export function contactsFromCell(cell: string, field: string, problems: ContactProblem[]): ContactRecord[] {
  const lines = cell
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const records: ContactRecord[] = [];
  lines.forEach((line, j) => {
    const match = CONTACT_LINE.exec(line);
    if (match === null) {
      problems.push({
        field,
        problem: `line ${j + 1} must read "name <address> topic|topic mode", e.g. "Văn phòng <vp@huyen.gov.vn> reminder|overdue each"`,
      });
      return;
    }
    const [, name, email, topics, mode] = match;
    const plain = { name, email, topics: (topics ?? '').split('|'), ...(mode === undefined ? {} : { mode }) };
    const own: ContactProblem[] = [];
    const record = contactRecordOf(plain, field, own);
    // One cell holds every contact: the problem names the line and the part of it that is wrong.
    for (const p of own)
      problems.push({ field, problem: `line ${j + 1}: ${p.field.slice(field.length + 1)} ${p.problem}` });
    if (record !== undefined) records.push(record);
  });
  if (records.length === lines.length) problems.push(...duplicateEmailProblems(records, () => field));
  return records;
}

/** A unit's contacts as one CSV cell, the form {@link contactsFromCell} reads back. */
export function contactsToCell(contacts: readonly ContactRecord[]): string {
  return contacts.map((c) => `${c.name} <${c.email}> ${c.topics.join('|')} ${c.mode}`).join('\n');
}
