/**
 * `node dist/libs/intake/src/accuracy.js [--fixtures] [--formats DIR]`: field-level accuracy of the
 * reader over the sample letters (and, with --fixtures, this repository's own fixtures) against
 * the hand-written expectations in test/unit/intake/expected/. With --formats, the same letters
 * read from the corpus in DIR (npm run intake:corpus) as DOCX, PDF and scans: one table, a row
 * per format, held-out letters (those the reader was not tuned on) in a column of their own.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { corpusFile } from './corpus/generate';
import { readDocumentFile } from './files/read-file';
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
  const lines = [
    `${title}: ${scores.length} documents`,
    `${'field'.padEnd(12)} ${'exact documents'.padEnd(18)} ${'items found'.padEnd(18)} items right`,
  ];
  for (const field of SCORED_FIELDS) {
    const perDoc = scores
      .map((doc) => doc.find((s) => s.field === field))
      .filter((s): s is FieldScore => s !== undefined);
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

/** Formats of the corpus, with the file suffix the generator gives them. */
const FORMATS: [label: string, suffix: string | null][] = [
  ['Markdown/text', null],
  ['DOCX', 'docx'],
  ['PDF (text layer)', 'pdf'],
  ['scan 300 dpi', 'scan300.pdf'],
  ['scan 200 dpi', 'scan200.pdf'],
];

const share = (right: number, total: number): string =>
  total === 0 ? '-' : `${((100 * right) / total).toFixed(1)}% (${right}/${total})`;

/** The per-format table, as Markdown. */
async function formatTable(
  corpus: string,
  expectations: Expectation[],
  dirs: { samples: string; fixtures: string; heldOut: string },
): Promise<string[]> {
  const lines = [
    '| format | letters | fields right, tuned-on letters | fields right, held-out letters | OCR s/page |',
    '|---|---|---|---|---|',
  ];
  for (const [label, suffix] of FORMATS) {
    const tally = { tuned: { right: 0, total: 0 }, held: { right: 0, total: 0 } };
    let letters = 0;
    let ocrSeconds = 0;
    let ocrPages = 0;
    for (const expectation of expectations) {
      const { text, units } = loadCase(expectation, dirs);
      const file = suffix ? corpusFile(corpus, expectation, suffix) : null;
      if (file && !existsSync(file)) continue;
      const draft = file
        ? await readDocumentFile(readFileSync(file), { units, name: file })
        : readDirective(text, { units });
      ocrSeconds += draft.file?.ocrSeconds ?? 0;
      ocrPages += draft.file?.ocrPages.length ?? 0;
      const scores = scoreDraft(draft, expectation.expected);
      const bucket = expectation.heldOut ? tally.held : tally.tuned;
      bucket.right += scores.filter((f) => f.exact).length;
      bucket.total += scores.length;
      letters += 1;
    }
    if (letters === 0) continue;
    const perPage = ocrPages > 0 ? (ocrSeconds / ocrPages).toFixed(1) : '-';
    lines.push(
      `| ${label} | ${letters} | ${share(tally.tuned.right, tally.tuned.total)} | ${share(tally.held.right, tally.held.total)} | ${perPage} |`,
    );
  }
  return lines;
}

async function main(argv: string[]): Promise<number> {
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
  const formatsAt = argv.indexOf('--formats');
  if (formatsAt >= 0) {
    const corpus = path.resolve(argv[formatsAt + 1] ?? path.join(root, '.data/intake-corpus'));
    const heldOut = path.join(root, 'test/fixtures/held-out');
    process.stdout.write(`${(await formatTable(corpus, expectations, { samples, fixtures, heldOut })).join('\n')}\n`);
    return 0;
  }
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

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
