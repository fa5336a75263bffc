/**
 * The text layer of a PDF, through pdfjs-dist (Mozilla's PDF.js, its legacy build for Node):
 * every text item with its position, rebuilt into the lines of the page by `pageText`.
 */
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { IntakeFileError, FILE_LIMITS } from './errors';
import { pageText, type PageText, type PlacedWord } from './layout';

/** Fewer printable characters than this on a page: it has no text layer worth reading (a scan). */
const MIN_TEXT_CHARS = 20;

/** A PDF's pages: the text of those with a text layer, null for those without. */
export interface PdfText {
  pageCount: number;
  pages: (PageText | null)[];
}

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

type PdfJs = typeof PdfJsModule;

let pdfjs: Promise<PdfJs> | undefined;
// An ES module; Node 20.19+ loads it from CommonJS, which is what this compiles to.
const loadPdfJs = (): Promise<PdfJs> => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

/** Reads the text layer of `data`; throws IntakeFileError for an encrypted, corrupt or too long PDF. */
export async function readPdfText(data: Buffer): Promise<PdfText> {
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    data: new Uint8Array(data),
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
    stopAtErrors: false,
  });
  let document: Awaited<typeof task.promise>;
  try {
    document = await task.promise;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException')
      throw new IntakeFileError('the PDF is encrypted (password-protected); send it without a password');
    throw new IntakeFileError('the PDF is damaged or not a PDF: it cannot be opened');
  }
  try {
    if (document.numPages > FILE_LIMITS.maxPages) {
      throw new IntakeFileError(
        `the PDF has ${document.numPages} pages; at most ${FILE_LIMITS.maxPages} pages can be read`,
      );
    }
    const pages: (PageText | null)[] = [];
    for (let n = 1; n <= document.numPages; n += 1) {
      const page = await document.getPage(n);
      const [, , width = 0, height = 0] = page.view;
      const content = await page.getTextContent();
      const words: PlacedWord[] = [];
      for (const raw of content.items) {
        const item = raw as TextItem;
        if (typeof item.str !== 'string' || item.str.trim() === '') continue;
        const x = item.transform[4] ?? 0;
        const baseline = item.transform[5] ?? 0;
        const size = item.height || Math.abs(item.transform[3] ?? 0) || 10;
        words.push({
          text: item.str,
          x0: x,
          x1: x + item.width,
          y0: height - baseline - size * 0.8,
          y1: height - baseline + size * 0.2,
        });
      }
      const chars = words.reduce((sum, w) => sum + w.text.replace(/\s/g, '').length, 0);
      pages.push(chars < MIN_TEXT_CHARS ? null : pageText(words, width));
      page.cleanup();
    }
    return { pageCount: document.numPages, pages };
  } finally {
    await document.destroy();
  }
}
