/**
 * Reading letters from files, the parts that need no PDF engine or OCR program: what a file is
 * from its bytes, the layout rebuilt from positioned words, DOCX through mammoth (from a DOCX the
 * corpus printer writes), the per-field confidence. PDFs and scans: test/integration/intake-files.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FILE_LIMITS, IntakeFileError, readDocumentFile } from '@dondoc/intake';
import { layoutLetter } from '../../../libs/intake/src/corpus/letter-layout';
import { letterDocx } from '../../../libs/intake/src/corpus/print';
import { SCORED_FIELDS } from '../../../libs/intake/src/evaluation';
import { fieldConfidence } from '../../../libs/intake/src/files/confidence';
import { detectKind } from '../../../libs/intake/src/files/detect';
import { docxHtmlToText } from '../../../libs/intake/src/files/docx';
import { documentText, pageText, type PlacedWord } from '../../../libs/intake/src/files/layout';
import { expectationsFor, fixturesDir } from './document-cases';

/** Words of one line, laid from x0 with a space of a third of the height between words. */
function line(text: string, x0: number, top: number, size = 10): PlacedWord[] {
  const words: PlacedWord[] = [];
  let x = x0;
  for (const word of text.split(' ')) {
    const width = word.length * size * 0.5;
    words.push({ text: word, x0: x, x1: x + width, y0: top, y1: top + size });
    x += width + size * 0.3;
  }
  return words;
}

describe('what a file is, from its bytes', () => {
  it.each([
    ['%PDF-1.7\n…', 'pdf'],
    ['\u0000\u0000junk%PDF-1.4', 'pdf'],
    ['Kính gửi: Công an huyện', 'text'],
  ])('%j is %s', (content, kind) => {
    expect(detectKind(Buffer.from(content, 'utf8'))).toBe(kind);
  });

  it('tells a DOCX from another ZIP, and images by their signatures, whatever the name', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
    expect(detectKind(Buffer.concat([zip, Buffer.from('word/document.xml')]))).toBe('docx');
    expect(detectKind(Buffer.concat([zip, Buffer.from('xl/workbook.xml')]))).toBe('zip');
    expect(detectKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(detectKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(detectKind(Buffer.from([0x49, 0x49, 0x2a, 0x00]))).toBe('tiff');
    expect(detectKind(Buffer.from([0xc3, 0x28, 0x00, 0x01]))).toBe('binary');
  });
});

describe('a page rebuilt from positioned words', () => {
  // An A4 page in points: text from x=70 to x=545, the gutter near x=290.
  const header = [
    ...line('ỦY BAN NHÂN DÂN', 110, 60),
    ...line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 320, 60),
    ...line('TỈNH KON TUM', 120, 74),
    ...line('Độc lập - Tự do - Hạnh phúc', 350, 74),
    ...line('Số: 3855/UBND-KGVX', 100, 88),
    ...line('Kon Tum, ngày 26 tháng 10 năm 2021', 330, 88),
    ...line('V/v tăng cường công tác chỉ đạo', 90, 102),
  ];

  it('writes the two header columns as a table, so the issuer is never read from the motto side', () => {
    const { lines } = pageText([...header, ...line('Kính gửi: Sở Thông tin và Truyền thông tỉnh.', 150, 140)], 595);
    expect(lines.slice(0, 4)).toEqual([
      '| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |',
      '| TỈNH KON TUM | Độc lập - Tự do - Hạnh phúc |',
      '| Số: 3855/UBND-KGVX | Kon Tum, ngày 26 tháng 10 năm 2021 |',
      '| V/v tăng cường công tác chỉ đạo |  |',
    ]);
    expect(lines).toContain('Kính gửi: Sở Thông tin và Truyền thông tỉnh.');
  });

  it('joins a paragraph that wrapped at the right margin, and not a line that starts an item', () => {
    const body = [
      ...line('Thực hiện Công văn số 990-CV/BTGTW ngày 19/7/2021 của Ban Tuyên giáo Trung ương về việc tăng', 70, 200),
      ...line('cường quản lý thông tin trên mạng xã hội, yêu cầu:', 70, 214),
      ...line('1. Sở Thông tin và Truyền thông chủ trì theo dõi, định hướng thông tin trên mạng xã hội và', 70, 228),
      ...line('- báo cáo kết quả.', 70, 242),
    ];
    const { lines } = pageText(body, 595);
    expect(lines).toEqual([
      'Thực hiện Công văn số 990-CV/BTGTW ngày 19/7/2021 của Ban Tuyên giáo Trung ương về việc tăng cường quản lý thông tin trên mạng xã hội, yêu cầu:',
      '1. Sở Thông tin và Truyền thông chủ trì theo dõi, định hướng thông tin trên mạng xã hội và',
      '- báo cáo kết quả.',
    ]);
  });

  it('keeps a title centred on the page out of the header columns above it', () => {
    const { lines } = pageText([...header, ...line('KẾ HOẠCH', 270, 116)], 595);
    expect(lines.filter((l) => l !== '').pop()).toBe('KẾ HOẠCH');
    expect(lines.filter((l) => l.includes('KẾ HOẠCH'))).toHaveLength(1);
  });

  it('does not join the line after a long centred subtitle to it, though the subtitle nears the margin', () => {
    const subtitle = 'Triển khai Chiến dịch tuyên truyền về an toàn thông tin trên mạng xã hội năm 2024';
    const basis = 'Căn cứ Quyết định số 1234/QĐ-UBND ngày 02/8/2023 của UBND tỉnh Lâm Đồng;';
    const page = [
      ...line('KẾ HOẠCH', 262, 186),
      ...line(subtitle, 97.5, 200),
      ...line(basis, 70, 214),
      ...line('Thực hiện Công văn số 990-CV/BTGTW ngày 19/7/2021 của Ban Tuyên giáo Trung ương về việc tăng', 70, 228),
      ...line('cường quản lý.', 70, 242),
    ];
    const { lines } = pageText(page, 595);
    expect(lines.slice(1, 3)).toEqual([subtitle, basis]);
  });

  it('drops a lone page number at the top or bottom of a page', () => {
    expect(documentText([{ lines: ['a'] }, { lines: ['- 2 -', 'b'] }])).toBe('a\n\nb\n');
  });
});

describe('DOCX', () => {
  it('renders a table row by row as a Markdown table, with the paragraphs of a cell kept apart', () => {
    const html =
      '<table><tr><td><p>ỦY BAN NHÂN DÂN</p><p>TỈNH KON TUM</p></td><td><p>CỘNG HÒA</p></td></tr></table><p>Kính gửi: <strong>A</strong> &amp; B</p><ol><li>Một</li><li>Hai</li></ol>';
    expect(docxHtmlToText(html)).toBe(
      '| ỦY BAN NHÂN DÂN<br>TỈNH KON TUM | CỘNG HÒA |\n| --- | --- |\n\nKính gửi: A & B\n\n1. Một\n2. Hai\n',
    );
  });

  const cases = expectationsFor('fixtures').filter((e) => /kon-tum-3855|dam-rong-221/.test(e.document));

  it.each(cases.map((e) => [e.document, e] as const))(
    'reads %s from a DOCX with a two-column header table into the hand-written fields',
    async (_name, expectation) => {
      const letter = layoutLetter(readFileSync(path.join(fixturesDir, expectation.document), 'utf8'));
      const units = expectation.units
        ? JSON.parse(readFileSync(path.join(fixturesDir, expectation.units), 'utf8'))
        : undefined;
      const draft = await readDocumentFile(await letterDocx(letter), { units, name: 'letter.docx' });
      for (const field of SCORED_FIELDS)
        expect({ field, value: draft[field] }).toEqual({ field, value: expectation.expected[field] });
      expect(draft.file).toEqual({ kind: 'docx', pages: 1, ocrPages: [], ocrSeconds: 0 });
    },
  );
});

describe('files the reader cannot use', () => {
  const refusal = async (data: Buffer, name?: string): Promise<IntakeFileError> => {
    const error: unknown = await readDocumentFile(data, { name }).then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof IntakeFileError)) throw new Error(`expected a refusal, got ${String(error)}`);
    return error;
  };

  it('refuses a file over the limit with 413, naming the limit', async () => {
    const error = await refusal(Buffer.alloc(FILE_LIMITS.maxBytes + 1, 0x20));
    expect(error.status).toBe(413);
    expect(error.message).toContain('at most 20 MB');
  });

  it('refuses a .docx that is not a ZIP, a ZIP that is not a DOCX, and a damaged DOCX with 400', async () => {
    expect((await refusal(Buffer.from([0, 1, 2, 3, 0xff]), 'letter.docx')).message).toMatch(
      /named \.docx but is not a DOCX/,
    );
    expect((await refusal(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]))).message).toMatch(
      /ZIP archive but not a DOCX/,
    );
    const damaged = await refusal(
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml'), Buffer.alloc(40)]),
    );
    expect(damaged.status).toBe(400);
    expect(damaged.message).toMatch(/DOCX is damaged/);
  });

  it('refuses an image too small to read, before any OCR', async () => {
    const png = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
    png.writeUInt32BE(120, 16);
    png.writeUInt32BE(80, 20);
    expect((await refusal(png)).message).toBe(
      'the image is 120×80 pixels, too small to read: at least 300 pixels on each side are needed',
    );
  });
});

describe('per-field confidence', () => {
  const draft = {
    ...Object.fromEntries(SCORED_FIELDS.map((f) => [f, null])),
    reference: '3855/UBND-KGVX',
    addressees: ['Công an huyện'],
  } as never;

  it('is the source’s reliability for typed text and a text layer, half of it for an empty field', () => {
    expect(fieldConfidence(draft, 'typed', [])).toMatchObject({
      reference: { confidence: 1 },
      subject: { confidence: 0.5 },
    });
    expect(fieldConfidence(draft, 'text-layer', [])).toMatchObject({ reference: { confidence: 0.95 } });
  });

  it('follows the OCR confidence of the words a field is made of, and lists the uncertain ones', () => {
    const words = [
      { text: '3855/UBND-KGVX', confidence: 90 },
      { text: 'Công', confidence: 96 },
      { text: 'an', confidence: 40 },
      { text: 'huyện', confidence: 92 },
    ];
    const result = fieldConfidence(draft, 'ocr', words);
    expect(result.reference).toEqual({ confidence: 0.81 });
    expect(result.addressees).toEqual({
      confidence: Math.round(0.9 * ((96 + 40 + 92) / 300) * 100) / 100,
      uncertainWords: ['an'],
    });
  });
});
