import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FieldErrors } from '../errors/errors';
import { flattenValidationErrors, VALIDATOR_OPTIONS } from '../validation/validation-pipe';
import { CsvSyntaxError, formatCsv, parseCsv } from './units-csv';
import type { ContactRecord } from '../contacts/contact-rules';
import {
  CONTACTS_COLUMN,
  contactsFromCell,
  contactsFromJson,
  contactsToCell,
  type ImportedUnit,
} from './units-contacts';
import { UnitInput, type UnitFieldNamer } from './units.dto';

/** Columns of the tree's CSV, in the order export writes them; import accepts any order. */
export const UNIT_CSV_COLUMNS = [
  'id',
  'name',
  'level',
  'parentId',
  'kind',
  'coordinatingUnitId',
  'escalationGrace',
  'actsForSubUnits',
] as const;
type UnitColumn = (typeof UNIT_CSV_COLUMNS)[number];

const REQUIRED_COLUMNS: readonly UnitColumn[] = ['id', 'name', 'level'];

/** An import is one transaction; beyond this many units it should be split. */
export const IMPORT_MAX_UNITS = 100_000;

/** CSV problems name the 1-based data row (`rows[3].level`); `rows[0]` is the header. */
export const csvRowField: UnitFieldNamer = (i, field) => `rows[${i + 1}].${field}`;

/** A unit as export writes it and import reads it (the shape POST /units takes, and its contacts for an admin). */
export interface UnitRecord {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  kind: string | null;
  coordinatingUnitId: string | null;
  escalationGrace: string | null;
  actsForSubUnits: boolean;
  /** Only in an admin's export: contacts are personal data the tree's other readers do not need. */
  contacts?: ContactRecord[];
}

/** A checked unit as it is stored and exported: every optional field spelled out, with its default. */
export function unitRecordOf(u: UnitInput): UnitRecord {
  return {
    id: u.id,
    name: u.name,
    level: u.level,
    parentId: u.parentId ?? null,
    kind: u.kind ?? null,
    coordinatingUnitId: u.coordinatingUnitId ?? null,
    escalationGrace: u.escalationGrace ?? null,
    actsForSubUnits: u.actsForSubUnits ?? false,
  };
}

/** The units of a CSV import, checked field by field; throws FieldErrors naming `rows[N].column`. */
export function unitsFromCsv(text: string): ImportedUnit[] {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw new FieldErrors([{ field: `rows[${error.record}]`, problem: error.problem }]);
    throw error;
  }
  const [header, ...rows] = records;
  if (header === undefined)
    throw new FieldErrors([{ field: 'rows[0]', problem: `must be a header row: ${UNIT_CSV_COLUMNS.join(',')}` }]);
  const columns = header.map((name) => name.trim());
  const problems: { field: string; problem: string }[] = [];
  columns.forEach((name, i) => {
    if (![...UNIT_CSV_COLUMNS, CONTACTS_COLUMN].includes(name)) {
      problems.push({
        field: `rows[0].${name || `column${i + 1}`}`,
        problem: `is not a known column (known: ${[...UNIT_CSV_COLUMNS, CONTACTS_COLUMN].join(', ')})`,
      });
    } else if (columns.indexOf(name) !== i) {
      problems.push({ field: `rows[0].${name}`, problem: 'is a column named twice' });
    }
  });
  for (const name of REQUIRED_COLUMNS)
    if (!columns.includes(name))
      problems.push({ field: `rows[0].${name}`, problem: 'is a required column that is missing' });
  if (problems.length > 0) throw new FieldErrors(problems);
  if (rows.length === 0)
    throw new FieldErrors([{ field: 'rows', problem: 'must contain at least one unit after the header' }]);
  if (rows.length > IMPORT_MAX_UNITS)
    throw new FieldErrors([{ field: 'rows', problem: `must contain at most ${IMPORT_MAX_UNITS} units` }]);

  const units: ImportedUnit[] = [];
  rows.forEach((cells, i) => {
    if (cells.length !== columns.length) {
      problems.push({
        field: `rows[${i + 1}]`,
        problem: `has ${cells.length} fields where the header has ${columns.length}`,
      });
      return;
    }
    const plain: Record<string, string | boolean> = {};
    let contacts: ContactRecord[] | undefined;
    columns.forEach((name, c) => {
      const value = cells[c]!;
      if (name === CONTACTS_COLUMN) contacts = contactsFromCell(value, csvRowField(i, name), problems);
      // Empty cells are null; required ones then fail below, naming the column.
      else if (value !== '') plain[name] = name === 'actsForSubUnits' ? csvBoolean(value) : value;
    });
    for (const name of REQUIRED_COLUMNS)
      if (plain[name] === undefined) problems.push({ field: csvRowField(i, name), problem: 'is required' });
    const unit = checked(plain, `rows[${i + 1}]`, problems);
    if (unit) units.push(contacts === undefined ? unit : Object.assign(unit, { contacts }));
  });
  if (problems.length > 0) throw new FieldErrors(problems);
  return units;
}

/** The units of a JSON import: `{ "units": [...] }` or a bare array; throws FieldErrors naming `units[i].field`. */
export function unitsFromJson(body: unknown): ImportedUnit[] {
  let list: unknown = body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const extra = Object.keys(body).filter((key) => key !== 'units');
    if (extra.length > 0) throw new FieldErrors(extra.map((field) => ({ field, problem: 'is not a known field' })));
    list = (body as { units?: unknown }).units;
  }
  if (!Array.isArray(list) || list.length === 0)
    throw new FieldErrors([{ field: 'units', problem: 'must be a non-empty list of units' }]);
  if (list.length > IMPORT_MAX_UNITS)
    throw new FieldErrors([{ field: 'units', problem: `must contain at most ${IMPORT_MAX_UNITS} units` }]);
  const problems: { field: string; problem: string }[] = [];
  const units: ImportedUnit[] = [];
  list.forEach((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problems.push({ field: `units[${i}]`, problem: 'must be an object' });
      return;
    }
    const { contacts: listed, ...fields } = item as Record<string, unknown>;
    const contacts = listed === undefined ? undefined : contactsFromJson(listed, `units[${i}]`, problems);
    const unit = checked(fields, `units[${i}]`, problems);
    if (unit) units.push(contacts === undefined ? unit : Object.assign(unit, { contacts }));
  });
  if (problems.length > 0) throw new FieldErrors(problems);
  return units;
}

/** The tree as CSV with the import's header, and the `contacts` column when the records carry contacts. */
export function unitsToCsv(units: UnitRecord[]): string {
  const withContacts = units.some((u) => u.contacts !== undefined);
  return formatCsv([
    [...UNIT_CSV_COLUMNS, ...(withContacts ? [CONTACTS_COLUMN] : [])],
    ...units.map((u) => [
      ...UNIT_CSV_COLUMNS.map((column) => (column === 'actsForSubUnits' ? String(u[column]) : u[column])),
      ...(withContacts ? [contactsToCell(u.contacts ?? [])] : []),
    ]),
  ]);
}

/** `true` and `false` become booleans; anything else stays text, which the field check refuses by name. */
function csvBoolean(value: string): string | boolean {
  const word = value.trim().toLowerCase();
  return word === 'true' ? true : word === 'false' ? false : value;
}

/** Applies POST /units' field rules to one unit; adds its problems under `prefix`. */
function checked(plain: object, prefix: string, problems: { field: string; problem: string }[]): UnitInput | undefined {
  const unit = plainToInstance(UnitInput, plain);
  const errors = validateSync(unit, VALIDATOR_OPTIONS);
  if (errors.length === 0) return unit;
  const known = new Set(problems.map((p) => p.field));
  problems.push(...flattenValidationErrors(errors, prefix).filter((p) => !known.has(p.field)));
  return undefined;
}
