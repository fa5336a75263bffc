/**
 * Prints a laid-out letter as a DOCX (with the `docx` writer: the header and the footer are
 * borderless two-column tables, as drafting offices make them) and as a PDF with a text layer
 * (with pdfkit and an embedded DejaVu Serif, which has every Vietnamese glyph).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import PDFDocument from 'pdfkit';
import type { LetterLayout } from './letter-layout';

/** Fonts from Debian's fonts-dejavu-core, which infra/ocr.sh installs. */
const FONT_DIR = process.env.DONDOC_FONT_DIR ?? '/usr/share/fonts/truetype/dejavu';

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

function columnsTable(left: string[], right: string[], centred: boolean): Table {
  const cell = (lines: string[], width: number): TableCell =>
    new TableCell({
      width: { size: width, type: WidthType.PERCENTAGE },
      borders: { top: NONE, bottom: NONE, left: NONE, right: NONE },
      children: (lines.length > 0 ? lines : ['']).map(
        (line) =>
          new Paragraph({
            alignment: centred ? AlignmentType.CENTER : AlignmentType.LEFT,
            children: [
              new TextRun({
                text: line,
                font: 'Times New Roman',
                size: 26,
                bold: line === line.toUpperCase() && line.length > 3,
              }),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, 45), cell(right, 55)] })],
  });
}

/**
 * A title line: the document type in capitals opening the body (KẾ HOẠCH, THÔNG BÁO), or the line
 * of its subject right under it; printed centred, as in a real letter.
 */
export function isTitle(body: string[], i: number): boolean {
  const caps = (line: string | undefined): boolean =>
    !!line && line === line.toUpperCase() && /\p{Lu}{3}/u.test(line) && !/^[\dIVX]+\./.test(line);
  if (i < 2 && caps(body[i])) return true;
  return i > 0 && i < 3 && caps(body[i - 1]) && !/[:;]$/.test(body[i] ?? '') && (body[i]?.length ?? 0) < 140;
}

/** The letter as a DOCX. */
export async function letterDocx(letter: LetterLayout): Promise<Buffer> {
  const body = letter.body.map(
    (line, i) =>
      new Paragraph({
        alignment: isTitle(letter.body, i) ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
        spacing: { after: 120 },
        children: [new TextRun({ text: line, font: 'Times New Roman', size: 28 })],
      }),
  );
  const children: (Paragraph | Table)[] = [
    columnsTable(letter.headerLeft, letter.headerRight, true),
    new Paragraph({ children: [] }),
    ...body,
  ];
  if (letter.footerLeft.length + letter.footerRight.length > 0)
    children.push(columnsTable(letter.footerLeft, letter.footerRight, false));
  const document = new Document({ sections: [{ children }] });
  return Packer.toBuffer(document);
}

/** The letter as an A4 PDF with a text layer. */
export function letterPdf(letter: LetterLayout): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 56, bottom: 56, left: 70, right: 50 },
      info: { Title: 'công văn' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('serif', `${FONT_DIR}/DejaVuSerif.ttf`);
    doc.registerFont('serif-bold', `${FONT_DIR}/DejaVuSerif-Bold.ttf`);
    const left = 70;
    const width = doc.page.width - 70 - 50;
    const leftWidth = width * 0.45;
    const rightX = left + leftWidth + 16;
    const rightWidth = width - leftWidth - 16;
    const column = (lines: string[], x: number, w: number, top: number, align: 'center' | 'left'): number => {
      let y = top;
      for (const line of lines) {
        doc.font(line === line.toUpperCase() && line.length > 3 ? 'serif-bold' : 'serif').fontSize(9.5);
        doc.text(line, x, y, { width: w, align });
        y = doc.y + 2;
      }
      return y;
    };
    const top = doc.y;
    const bottom = Math.max(
      column(letter.headerLeft, left, leftWidth, top, 'center'),
      column(letter.headerRight, rightX, rightWidth, top, 'center'),
    );
    doc.x = left;
    doc.y = bottom + 16;
    doc.font('serif').fontSize(11.5);
    letter.body.forEach((line, i) => {
      const title = isTitle(letter.body, i);
      doc
        .font(title ? 'serif-bold' : 'serif')
        .text(line, left, undefined, { width, align: title ? 'center' : 'justify', paragraphGap: 5 });
    });
    if (letter.footerLeft.length + letter.footerRight.length > 0) {
      const needed = 14 * Math.max(letter.footerLeft.length, letter.footerRight.length + 2);
      if (doc.y + needed > doc.page.height - 56) doc.addPage();
      const footerTop = doc.y + 12;
      column(letter.footerLeft, left, leftWidth, footerTop, 'left');
      column(letter.footerRight, rightX, rightWidth, footerTop, 'center');
    }
    doc.end();
  });
}

/** A PDF holding only page images (no text layer), as a scanner makes it. */
export function imagesPdf(pages: Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const page of pages) {
      doc.addPage({ size: 'A4', margin: 0 });
      doc.image(page, 0, 0, { fit: [doc.page.width, doc.page.height] });
    }
    doc.end();
  });
}
