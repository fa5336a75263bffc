/**
 * Hand-written expectations and how a draft scores against them. The expectations live in
 * test/unit/intake/expected/*.json; the unit tests and the accuracy script both read them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DirectiveDraft, OrgUnitRef } from './types';

/** Fields scored, in report order. */
export const SCORED_FIELDS = [
  'format',
  'number',
  'reference',
  'type',
  'issuer',
  'place',
  'issuedOn',
  'subject',
  'addressees',
  'references',
  'parent',
  'sections',
  'closing',
  'recipients',
  'signature',
  'notes',
  'matches',
] as const;

/** A scored field of the draft. */
export type ScoredField = (typeof SCORED_FIELDS)[number];

/** One expectation file. */
export interface Expectation {
  /** File name of the document. */
  document: string;
  /**
   * Where the document is: the sample letters (test/fixtures/letters), the reader's fixtures
   * (test/unit/intake/fixtures), or letters held out of the reader's tuning (test/fixtures/held-out).
   */
  source: 'samples' | 'fixtures' | 'held-out';
  /** Units file under test/unit/intake/fixtures/, or null. */
  units: string | null;
  /** Why the values are what they are, where that is not obvious. */
  notes?: string[];
  expected: Pick<DirectiveDraft, ScoredField>;
  /** Phrases each of which some warning must contain. */
  warningsInclude: string[];
  /** Written for the test and kept out of the reader's tuning: reported on its own. */
  heldOut?: boolean;
}

/** The repository root: the nearest folder above `from` holding package.json. */
export function repositoryRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

/** The shared samples folder: `preferred` if it exists, else DONDOC_SAMPLES_DIR; throws when neither does. */
export function samplesDir(preferred: string): string {
  if (existsSync(preferred)) return preferred;
  const fromEnv = process.env.DONDOC_SAMPLES_DIR;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  throw new Error(
    `sample documents not found: neither ${preferred} nor DONDOC_SAMPLES_DIR (${fromEnv ?? 'unset'}) exists`,
  );
}

/** Every expectation under `dir`, sorted by document name. */
export function loadExpectations(dir: string): Expectation[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Expectation);
}

/** The text and units an expectation refers to. */
export function loadCase(
  expectation: Expectation,
  dirs: { samples: string; fixtures: string; heldOut?: string },
): { text: string; units?: OrgUnitRef[] } {
  const folder =
    expectation.source === 'samples' ? dirs.samples : expectation.source === 'held-out' ? dirs.heldOut : dirs.fixtures;
  if (!folder) throw new Error(`no folder given for the ${expectation.source} letter ${expectation.document}`);
  const text = readFileSync(path.join(folder, expectation.document), 'utf8');
  if (!expectation.units) return { text };
  return { text, units: JSON.parse(readFileSync(path.join(dirs.fixtures, expectation.units), 'utf8')) as OrgUnitRef[] };
}

/** Deep equality of JSON values, keys in any order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** The score of one field of one document. */
export interface FieldScore {
  field: ScoredField;
  exact: boolean;
  /** For list fields: expected items found in the draft, items expected, items produced. */
  items?: { found: number; expected: number; produced: number };
}

/** Scores a draft against an expectation, field by field. */
export function scoreDraft(actual: DirectiveDraft, expected: Expectation['expected']): FieldScore[] {
  return SCORED_FIELDS.map((field) => {
    const want: unknown = expected[field];
    const got: unknown = actual[field];
    const score: FieldScore = { field, exact: sameJson(got, want) };
    if (Array.isArray(want) && Array.isArray(got)) {
      const pool = [...got];
      let found = 0;
      for (const item of want) {
        const at = pool.findIndex((candidate) => sameJson(candidate, item));
        if (at >= 0) {
          found += 1;
          pool.splice(at, 1);
        }
      }
      score.items = { found, expected: want.length, produced: got.length };
    }
    return score;
  });
}
