/**
 * `node dist/libs/intake/src/accuracy.js [--fixtures]`: field-level accuracy of the reader over the
 * shared sample letters (and, with --fixtures, this repository's own fixtures) against the
 * hand-written expectations in test/unit/intake/expected/.
 */
import * as path from 'node:path';
import {
  SCORED_FIELDS,
  loadCase,
  loadExpectations,
  repositoryRoot,
  samplesDir,
  scoreDraft,
  type Expectation,
  type FieldScore,
} from './evaluation';
import { readDirective } from './read-directive';

/** "93.8% (15/16)", padded to one column width. */
function ratio(part: number, whole: number): string {
  const share = whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
  return `${share} (${part}/${whole})`.padEnd(18);
}

/** One line per field: documents exactly right, and for lists the share of expected items found and of produced items right. */
function report(title: string, scores: FieldScore[][]): string[] {
  const lines = [`${title}: ${scores.length} documents`, `${'field'.padEnd(12)} ${'exact documents'.padEnd(18)} ${'items found'.padEnd(18)} items right`];
  for (const field of SCORED_FIELDS) {
    const perDoc = scores.map((doc) => doc.find((s) => s.field === field)).filter((s): s is FieldScore => s !== undefined);
    const exact = perDoc.filter((s) => s.exact).length;
    const items = perDoc.map((s) => s.items).filter((i): i is NonNullable<FieldScore['items']> => i !== undefined);
    const found = items.reduce((n, i) => n + i.found, 0);
    const expected = items.reduce((n, i) => n + i.expected, 0);
    const produced = items.reduce((n, i) => n + i.produced, 0);
    const listPart = items.length > 0 ? ` ${ratio(found, expected)} ${ratio(found, produced)}` : '';
    lines.push(`${field.padEnd(12)} ${ratio(exact, perDoc.length)}${listPart}`.trimEnd());
  }
  return lines;
}

function main(argv: string[]): number {
  const root = repositoryRoot(__dirname);
  const fixtures = path.join(root, 'test/unit/intake/fixtures');
  let samples: string;
  try {
    samples = samplesDir(path.join(root, 'test/fixtures/letters'));
  } catch (error) {
    process.stderr.write(`accuracy: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const expectations = loadExpectations(path.join(root, 'test/unit/intake/expected'));
  const groups: [string, Expectation[]][] = [['Samples', expectations.filter((e) => e.source === 'samples')]];
  if (argv.includes('--fixtures')) groups.push(['Fixtures', expectations.filter((e) => e.source === 'fixtures')]);
  const out: string[] = [];
  for (const [title, list] of groups) {
    const scores = list.map((expectation) => {
      const { text, units } = loadCase(expectation, { samples, fixtures });
      return scoreDraft(readDirective(text, { units }), expectation.expected);
    });
    if (out.length > 0) out.push('');
    out.push(...report(title, scores));
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
