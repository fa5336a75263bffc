/**
 * A công văn as it arrives — typed text or Markdown, a DOCX, a PDF with or without a text layer,
 * a scan or a photo — read into a draft. The kind is taken from the bytes, never from the name.
 */
import { performance } from 'node:perf_hooks';
import { readDirective } from '../read-directive';
import type { DirectiveDraft, FileFacts, ReadOptions } from '../types';
import { fieldConfidence, type TextSource } from './confidence';
import { detectKind } from './detect';
import { readDocxText } from './docx';
import { FILE_LIMITS, IntakeFileError } from './errors';
import { imageSize } from './images';
import { documentText, type PageText } from './layout';
import { ocrImage, ocrPdfPages, type OcrPage, type OcrWord } from './ocr';
import { restoreFootnoteMarks } from './ocr-footnotes';
import { correctOcrWords, ocrVocabulary } from './ocr-vocabulary';
import { readPdfText } from './pdf';

/** Options of `readDocumentFile`: the reader's, and the file's name (only for messages). */
export interface FileReadOptions extends ReadOptions {
  name?: string;
}

/** Below this mean word confidence (0–100) a page is said to be unreadable. */
const UNREADABLE_BELOW = 35;

interface Extracted {
  text: string;
  source: TextSource;
  facts: FileFacts;
  ocrWords: OcrWord[];
  warnings: string[];
}

function ocrWarnings(pages: [number, OcrPage][]): string[] {
  const warnings: string[] = [];
  for (const [n, page] of pages) {
    if (page.words.length === 0) warnings.push(`page ${n}: OCR found no text on it (blank, or unreadable)`);
    else if (page.meanConfidence < UNREADABLE_BELOW) {
      warnings.push(
        `page ${n}: hardly readable (OCR confidence ${Math.round(page.meanConfidence)}%); check every field`,
      );
    }
    if (page.rotated !== 0) warnings.push(`page ${n} was turned by ${page.rotated}° to be read`);
  }
  return warnings;
}

async function fromPdf(data: Buffer): Promise<Extracted> {
  const pdf = await readPdfText(data);
  const missing = pdf.pages.map((page, i) => (page ? 0 : i + 1)).filter((n) => n > 0);
  const started = performance.now();
  const ocr = missing.length > 0 ? await ocrPdfPages(data, missing) : new Map<number, OcrPage>();
  const ocrSeconds = (performance.now() - started) / 1000;
  const pages: PageText[] = pdf.pages.map((page, i) => page ?? ocr.get(i + 1)?.text ?? { lines: [] });
  const warnings =
    missing.length === 0
      ? []
      : [
          missing.length === pdf.pageCount
            ? 'the PDF has no text layer (a scan): read by OCR'
            : `page${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of the PDF ha${missing.length > 1 ? 've' : 's'} no text layer: read by OCR`,
          ...ocrWarnings([...ocr.entries()]),
        ];
  return {
    text: documentText(pages),
    source: missing.length > 0 ? 'ocr' : 'text-layer',
    facts: { kind: 'pdf', pages: pdf.pageCount, ocrPages: missing, ocrSeconds: Math.round(ocrSeconds * 10) / 10 },
    ocrWords: [...ocr.values()].flatMap((p) => p.words),
    warnings,
  };
}

async function fromImage(data: Buffer, kind: 'png' | 'jpeg' | 'tiff'): Promise<Extracted> {
  const size = imageSize(data, kind);
  const min = FILE_LIMITS.minImageSide;
  if (size && (size.width < min || size.height < min)) {
    throw new IntakeFileError(
      `the image is ${size.width}×${size.height} pixels, too small to read: at least ${min} pixels on each side are needed`,
    );
  }
  const started = performance.now();
  const pages = await ocrImage(data, kind === 'jpeg' ? 'jpg' : kind === 'tiff' ? 'tif' : 'png', FILE_LIMITS.maxPages);
  const ocrSeconds = (performance.now() - started) / 1000;
  return {
    text: documentText(pages.map((p) => p.text)),
    source: 'ocr',
    facts: {
      kind,
      pages: pages.length,
      ocrPages: pages.map((_, i) => i + 1),
      ocrSeconds: Math.round(ocrSeconds * 10) / 10,
    },
    ocrWords: pages.flatMap((p) => p.words),
    warnings: ocrWarnings(pages.map((p, i) => [i + 1, p])),
  };
}

async function extract(data: Buffer, name: string | undefined): Promise<Extracted> {
  const kind = detectKind(data);
  const named = (ext: string): boolean => (name ?? '').toLowerCase().endsWith(ext);
  switch (kind) {
    case 'text': {
      const text = data.toString('utf8').replace(/^\uFEFF/, '');
      return {
        text,
        source: 'typed',
        facts: { kind, pages: 1, ocrPages: [], ocrSeconds: 0 },
        ocrWords: [],
        warnings: [],
      };
    }
    case 'docx': {
      const { text, warnings } = await readDocxText(data);
      return { text, source: 'typed', facts: { kind, pages: 1, ocrPages: [], ocrSeconds: 0 }, ocrWords: [], warnings };
    }
    case 'pdf':
      return fromPdf(data);
    case 'png':
    case 'jpeg':
    case 'tiff':
      return fromImage(data, kind);
    case 'zip':
      throw new IntakeFileError('the file is a ZIP archive but not a DOCX (it has no word/document.xml)');
    default:
      if (named('.docx'))
        throw new IntakeFileError('the file is named .docx but is not a DOCX (a DOCX is a ZIP archive; this is not)');
      if (named('.pdf')) throw new IntakeFileError('the file is named .pdf but is not a PDF (it has no %PDF- header)');
      throw new IntakeFileError(
        'the file is not one the reader knows: send text, Markdown, DOCX, PDF, PNG, JPEG or TIFF',
      );
  }
}

/** Reads a file into a draft; throws IntakeFileError (with its HTTP status) for a file it cannot use. */
export async function readDocumentFile(data: Buffer, options: FileReadOptions = {}): Promise<DirectiveDraft> {
  if (data.length > FILE_LIMITS.maxBytes) {
    throw new IntakeFileError(
      `the file is ${(data.length / 1024 / 1024).toFixed(1)} MB; at most ${FILE_LIMITS.maxBytes / 1024 / 1024} MB can be read`,
      413,
    );
  }
  if (data.length === 0) throw new IntakeFileError('the file is empty');
  const extracted = await extract(data, options.name);
  // OCR's misreadings of known words and of footnote marks, put right before the reader sees them.
  const text =
    extracted.source === 'ocr'
      ? correctOcrWords(restoreFootnoteMarks(extracted.text), ocrVocabulary(options.units))
      : extracted.text;
  const draft = readDirective(text, { units: options.units });
  return {
    ...draft,
    warnings: [...extracted.warnings, ...draft.warnings],
    confidence: fieldConfidence(draft, extracted.source, extracted.ocrWords),
    file: extracted.facts,
  };
}
