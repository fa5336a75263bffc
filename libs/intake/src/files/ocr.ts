/**
 * Scans and photos: pages rendered with pdftoppm (poppler-utils), straightened with ImageMagick
 * when it is installed, and read by Tesseract with its Vietnamese data. Tesseract's TSV output
 * gives every word with its box and confidence; the boxes go through the same layout rebuilding
 * as a PDF's text layer, the confidences into the draft's per-field confidence.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { IntakeFileError } from './errors';
import { pageText, type PageText, type PlacedWord } from './layout';
import { runTool, ToolError } from './run';

/** Resolution pages are rendered at: Tesseract reads best at about 300 dpi. */
const RENDER_DPI = 300;
/** Bounds per program run, per page, so a pathological page cannot hold a request for long. */
const TOOL_TIMEOUT_MS = 60_000;
/** A word Tesseract is less sure of than this (0–100) is listed as uncertain. */
export const UNCERTAIN_BELOW = 60;

/** A word read by OCR, with Tesseract's confidence (0–100). */
export interface OcrWord {
  text: string;
  confidence: number;
}

/** One page read by OCR. */
export interface OcrPage {
  text: PageText;
  words: OcrWord[];
  /** Mean word confidence, 0–100 (0 when no word was found). */
  meanConfidence: number;
  /** Degrees the page was turned before it could be read (0, 90, 180, 270). */
  rotated: number;
}

/** Tesseract's layout mode: 3 finds columns and blocks itself (the header's two columns apart). */
const PSM = process.env.DONDOC_OCR_PSM ?? '3';

/** Tesseract's arguments besides input, output and format. */
function ocrArgs(): string[] {
  return ['-l', 'vie', '--psm', PSM];
}

function parseTsv(tsv: string): { words: (PlacedWord & { confidence: number })[]; width: number } {
  const words: (PlacedWord & { confidence: number })[] = [];
  let width = 0;
  for (const row of tsv.split('\n').slice(1)) {
    const cols = row.split('\t');
    if (cols.length < 12) continue;
    const [level, , , , , , left, top, w, h, conf] = cols.map(Number);
    const text = (cols[11] ?? '').trim();
    if (level === 1) width = Math.max(width, w ?? 0);
    if (level !== 5 || text === '' || conf === undefined || conf < 0) continue;
    words.push({
      text,
      x0: left ?? 0,
      y0: top ?? 0,
      x1: (left ?? 0) + (w ?? 0),
      y1: (top ?? 0) + (h ?? 0),
      confidence: conf,
    });
  }
  return { words, width };
}

let imageMagick: Promise<string | null> | undefined;
/** ImageMagick's command (IM7 `magick`, or IM6 `convert`), or null when it is not installed. */
export function findImageMagick(): Promise<string | null> {
  imageMagick ??= (async () => {
    for (const command of ['magick', 'convert-im6.q16', 'convert']) {
      try {
        const out = await runTool(command, ['-version'], { timeoutMs: 10_000 });
        if (out.toString('utf8').includes('ImageMagick')) return command;
      } catch {
        // not this one
      }
    }
    return null;
  })();
  return imageMagick;
}

/**
 * Tesseract's TSV for `image`. With DONDOC_OCR_CACHE set (a folder), the output is kept under the
 * hash of the image's bytes and the arguments, so accuracy experiments on the reader do not pay
 * for OCR again; a changed image or argument is a new entry.
 */
async function tesseract(image: string, args: string[]): Promise<string> {
  const cacheDir = process.env.DONDOC_OCR_CACHE;
  const key = cacheDir
    ? createHash('sha256')
        .update(await readFile(image))
        .update(JSON.stringify(args))
        .digest('hex')
    : '';
  const cached = cacheDir ? path.join(cacheDir, `${key}.tsv`) : '';
  if (cacheDir) {
    const hit = await readFile(cached, 'utf8').catch(() => null);
    if (hit !== null) return hit;
  }
  // One thread each: two pages are read at once on two cores, better than one page on two threads.
  const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
  const out = (
    await runTool('tesseract', [image, 'stdout', ...args, 'tsv'], { timeoutMs: TOOL_TIMEOUT_MS, env })
  ).toString('utf8');
  if (cacheDir) {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(cached, out);
  }
  return out;
}

/** Tesseract's orientation detection: the degrees to turn the page clockwise, or 0. */
async function orientation(image: string): Promise<number> {
  try {
    const out = (await runTool('tesseract', [image, 'stdout', '--psm', '0'], { timeoutMs: TOOL_TIMEOUT_MS })).toString(
      'utf8',
    );
    const rotate = Number(/Rotate:\s*(\d+)/.exec(out)?.[1] ?? 0);
    const confidence = Number(/Orientation confidence:\s*([\d.]+)/.exec(out)?.[1] ?? 0);
    return confidence >= 2 ? rotate : 0;
  } catch {
    return 0;
  }
}

async function readPage(image: string, dir: string, index: number): Promise<OcrPage> {
  const magick = await findImageMagick();
  let input = image;
  if (magick) {
    // Gray and de-skewed (a scan is rarely straight); Tesseract binarises itself. PGM, not PNG:
    // compressing a 300-dpi page costs more than reading it.
    input = path.join(dir, `clean-${index}.pgm`);
    await runTool(magick, [image, '-colorspace', 'Gray', '-deskew', '40%', '+repage', input], {
      timeoutMs: TOOL_TIMEOUT_MS,
    });
  }
  let parsed = parseTsv(await tesseract(input, ocrArgs()));
  let meanConfidence = mean(parsed.words.map((w) => w.confidence));
  let rotated = 0;
  // A page read this badly may be turned: ask Tesseract which way is up, and read it again.
  if (magick && meanConfidence < 50) {
    const turn = await orientation(input);
    if (turn !== 0) {
      const turned = path.join(dir, `turned-${index}.pgm`);
      await runTool(magick, [input, '-rotate', String(turn), '+repage', turned], { timeoutMs: TOOL_TIMEOUT_MS });
      const again = parseTsv(await tesseract(turned, ocrArgs()));
      const againMean = mean(again.words.map((w) => w.confidence));
      if (againMean > meanConfidence) {
        parsed = again;
        meanConfidence = againMean;
        rotated = turn;
      }
    }
  }
  return {
    text: pageText(parsed.words, parsed.width),
    words: parsed.words.map((w) => ({ text: w.text, confidence: w.confidence })),
    meanConfidence,
    rotated,
  };
}

const mean = (values: number[]): number =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;

/** Runs `work` on every item, two at a time (the machines have two cores), in order. */
async function inPairs<T, R>(items: T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}

function unavailable(error: unknown): never {
  if (error instanceof ToolError && error.missing) {
    throw new IntakeFileError(
      `this letter needs OCR, but ${error.message} on the server (install the OCR tools: bash infra/ocr.sh)`,
    );
  }
  throw error;
}

async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dondoc-ocr-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads the given pages (1-based) of a PDF by OCR. */
export function ocrPdfPages(data: Buffer, pages: number[]): Promise<Map<number, OcrPage>> {
  return withTempDir(async (dir) => {
    const pdf = path.join(dir, 'in.pdf');
    await writeFile(pdf, data);
    try {
      const images = await inPairs(pages, async (page) => {
        const prefix = path.join(dir, `page-${page}`);
        await runTool(
          'pdftoppm',
          ['-r', String(RENDER_DPI), '-gray', '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix],
          {
            timeoutMs: TOOL_TIMEOUT_MS,
          },
        );
        return `${prefix}.pgm`;
      });
      const read = await inPairs(images, (image, i) => readPage(image, dir, i));
      return new Map(pages.map((page, i) => [page, read[i] as OcrPage]));
    } catch (error) {
      return unavailable(error);
    }
  });
}

/** Reads an image (PNG, JPEG, or a TIFF of one or more pages) by OCR, page by page. */
export function ocrImage(data: Buffer, extension: 'png' | 'jpg' | 'tif', maxPages: number): Promise<OcrPage[]> {
  return withTempDir(async (dir) => {
    const image = path.join(dir, `in.${extension}`);
    await writeFile(image, data);
    try {
      let pages = [image];
      const magick = await findImageMagick();
      if (extension === 'tif' && magick) {
        // One PNG per TIFF page (scene), so each page is de-skewed and read on its own.
        await runTool(magick, [image, '+adjoin', path.join(dir, 'scene-%03d.pgm')], { timeoutMs: TOOL_TIMEOUT_MS });
        pages = (await readdir(dir))
          .filter((f) => f.startsWith('scene-'))
          .sort()
          .map((f) => path.join(dir, f));
        if (pages.length > maxPages)
          throw new IntakeFileError(`the TIFF has ${pages.length} pages; at most ${maxPages} pages can be read`);
      }
      return await inPairs(pages, (page, i) => readPage(page, dir, i));
    } catch (error) {
      return unavailable(error);
    }
  });
}
