/**
 * `npm run intake:corpus [-- --out DIR] [--scans] [--only PART]`: the per-format test corpus. For every letter
 * with a hand-written expectation it writes NAME.docx and NAME.pdf (text layer), and with --scans
 * NAME.scan300.pdf and NAME.scan200.pdf: the PDF rasterised at 300 and 200 dpi, turned slightly,
 * blurred and with noise added (ImageMagick), as a scanner or a phone makes it.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadExpectations, repositoryRoot, type Expectation } from '../evaluation';
import { findImageMagick } from '../files/ocr';
import { runTool } from '../files/run';
import { layoutLetter } from './letter-layout';
import { imagesPdf, letterDocx, letterPdf } from './print';

/** Where the letters of each expectation source are, from the repository root. */
export const LETTER_DIRS: Record<Expectation['source'], string> = {
  samples: 'test/fixtures/letters',
  fixtures: 'test/unit/intake/fixtures',
  'held-out': 'test/fixtures/held-out',
};

/** The corpus file of `expectation` in `format`. */
export function corpusFile(dir: string, expectation: Expectation, format: string): string {
  return path.join(dir, `${expectation.document.replace(/\.(md|txt)$/, '')}.${format}`);
}

async function scan(pdf: Buffer, dpi: number, turn: number): Promise<Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dondoc-corpus-'));
  try {
    writeFileSync(path.join(dir, 'in.pdf'), pdf);
    await runTool('pdftoppm', ['-r', String(dpi), '-gray', path.join(dir, 'in.pdf'), path.join(dir, 'page')], {
      timeoutMs: 120_000,
    });
    const magick = await findImageMagick();
    if (!magick) throw new Error('ImageMagick is not installed (bash infra/ocr.sh installs it)');
    const pages: Buffer[] = [];
    for (const file of readdirSync(dir)
      .filter((f) => f.startsWith('page'))
      .sort()) {
      // JPEG, as scanners and phones write: a few hundred kB a page, not megabytes.
      const out = path.join(dir, `scan-${file.replace(/\.pgm$/, '.jpg')}`);
      // A sheet a little askew on the glass, slightly out of focus, with sensor noise.
      await runTool(
        magick,
        [
          path.join(dir, file),
          '-background',
          'white',
          '-rotate',
          String(turn),
          '-blur',
          '0x0.6',
          '-attenuate',
          '0.35',
          '+noise',
          'Gaussian',
          '-colorspace',
          'Gray',
          '-units',
          'PixelsPerInch',
          '-density',
          String(dpi),
          '-quality',
          '85',
          out,
        ],
        { timeoutMs: 120_000 },
      );
      pages.push(readFileSync(out));
    }
    return await imagesPdf(pages);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const root = repositoryRoot(__dirname);
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? path.resolve(argv[outAt + 1] ?? '') : path.join(root, '.data/intake-corpus');
  mkdirSync(out, { recursive: true });
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '') : '';
  const expectations = loadExpectations(path.join(root, 'test/unit/intake/expected')).filter((e) =>
    e.document.includes(only),
  );
  let n = 0;
  for (const expectation of expectations) {
    const text = readFileSync(path.join(root, LETTER_DIRS[expectation.source], expectation.document), 'utf8');
    const letter = layoutLetter(text);
    writeFileSync(corpusFile(out, expectation, 'docx'), await letterDocx(letter));
    const pdf = await letterPdf(letter);
    writeFileSync(corpusFile(out, expectation, 'pdf'), pdf);
    if (argv.includes('--scans')) {
      // Turned one way or the other, by 0.4° to 1°: no two scans alike, every run the same.
      const turn = ((n % 2 === 0 ? 1 : -1) * (0.4 + (n % 4) * 0.2)).toFixed(1);
      writeFileSync(corpusFile(out, expectation, 'scan300.pdf'), await scan(pdf, 300, Number(turn)));
      writeFileSync(corpusFile(out, expectation, 'scan200.pdf'), await scan(pdf, 200, -Number(turn)));
    }
    n += 1;
  }
  process.stdout.write(`intake corpus: ${n} letters written to ${out}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`intake:corpus: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
