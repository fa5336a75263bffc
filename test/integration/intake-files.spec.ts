/**
 * Letters read from the files clerks receive, one test per format, through the compiled command
 * (`npm run intake -- <file>`) and POST /api/v1/intake as multipart: a DOCX and a text-layer PDF
 * into the hand-written fields, a scan (PDF of page images) and a photo through Tesseract, and
 * the files the reader must refuse with 400 or 413. The files are made here by the corpus
 * generator (DOCX writer, PDF printer, ImageMagick), not committed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import PDFDocument from 'pdfkit';
import { SCORED_FIELDS, loadExpectations, type Expectation } from '../../libs/intake/src/evaluation';
import { asAdmin, asClerk, expectError, expectStatus, type DirectiveView, type Page } from './support/api';
import { useStack } from './support/use-stack';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const dist = (file: string): string => path.join(root, 'dist/libs/intake/src', file);
const expectations = loadExpectations(path.join(root, 'test/unit/intake/expected'));
const expectationOf = (part: string): Expectation => expectations.find((e) => e.document.includes(part)) as Expectation;
const STATE = expectationOf('kon-tum-3855');
const PARTY = expectationOf('bac-kan-369');
const base = (e: Expectation): string => e.document.replace(/\.(md|txt)$/, '');
const unitsArgs = (e: Expectation): string[] =>
  e.units ? ['--units', path.join(root, 'test/unit/intake/fixtures', e.units)] : [];

interface Draft {
  warnings: string[];
  confidence: Record<string, { confidence: number; uncertainWords?: string[] }>;
  file: { kind: string; pages: number; ocrPages: number[]; ocrSeconds: number };
  [field: string]: unknown;
}

let dir: string;

/** `npm run intake -- <file>` on the compiled command. */
async function intake(file: string, e?: Expectation): Promise<Draft> {
  const { stdout } = await run('node', [dist('cli.js'), file, ...(e ? unitsArgs(e) : [])], {
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Draft;
}

function pdfOf(build: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument(options);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    build(doc);
    doc.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dondoc-intake-files-'));
  for (const e of [STATE, PARTY]) {
    await run(
      'node',
      [dist('corpus/generate.js'), '--out', dir, '--only', base(e), ...(e === STATE ? ['--scans'] : [])],
      { timeout: 300_000 },
    );
  }
}, 320_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run intake -- <file>, per format', () => {
  it.each([
    ['DOCX', STATE.document, STATE, 'docx'],
    ['DOCX', PARTY.document, PARTY, 'docx'],
    ['PDF with a text layer', STATE.document, STATE, 'pdf'],
    ['PDF with a text layer', PARTY.document, PARTY, 'pdf'],
  ] as const)('reads a %s (%s) into every hand-written field', async (_format, _name, e, suffix) => {
    const draft = await intake(path.join(dir, `${base(e)}.${suffix}`), e);
    for (const field of SCORED_FIELDS)
      expect({ field, value: draft[field] }).toEqual({ field, value: e.expected[field] });
    expect(draft.file.ocrPages).toEqual([]);
    for (const field of SCORED_FIELDS) expect(draft.confidence[field]?.confidence).toBeGreaterThan(0.4);
  });

  // Fields a clerk checks first; a scan may miss a character deep in the body, never these.
  const KEY_FIELDS = [
    'format',
    'reference',
    'type',
    'issuer',
    'place',
    'issuedOn',
    'subject',
    'addressees',
    'signature',
  ] as const;

  it.each([
    ['300', 'scan300.pdf'],
    ['200', 'scan200.pdf'],
  ])('reads a %s-dpi scan (a PDF without text layer) by OCR, saying so', async (_dpi, suffix) => {
    const draft = await intake(path.join(dir, `${base(STATE)}.${suffix}`), STATE);
    for (const field of KEY_FIELDS)
      expect({ field, value: draft[field] }).toEqual({ field, value: STATE.expected[field] });
    expect(draft.warnings).toContain('the PDF has no text layer (a scan): read by OCR');
    expect(draft.file).toMatchObject({ kind: 'pdf', pages: 1, ocrPages: [1] });
    for (const field of SCORED_FIELDS) {
      expect(draft.confidence[field]?.confidence).toBeGreaterThanOrEqual(0);
      expect(draft.confidence[field]?.confidence).toBeLessThanOrEqual(0.9);
    }
  });

  it('reads a photo (PNG) of the letter by OCR', async () => {
    const prefix = path.join(dir, 'photo');
    await run('pdftoppm', ['-r', '200', '-png', '-singlefile', path.join(dir, `${base(STATE)}.scan300.pdf`), prefix], {
      timeout: 60_000,
    });
    const draft = await intake(`${prefix}.png`, STATE);
    expect(draft.file.kind).toBe('png');
    expect({ reference: draft.reference, issuedOn: draft.issuedOn, issuer: draft.issuer }).toEqual({
      reference: STATE.expected.reference,
      issuedOn: STATE.expected.issuedOn,
      issuer: STATE.expected.issuer,
    });
  });

  it('exits 2 with the reason for a file it cannot use', async () => {
    const bad = path.join(dir, 'letter.docx');
    writeFileSync(bad, Buffer.from([0, 1, 2, 3, 0xfe]));
    const failure = await run('node', [dist('cli.js'), bad]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/named \.docx but is not a DOCX/);
  });
});

describe('POST /api/v1/intake with a file', () => {
  const stack = useStack();
  const clerk = asClerk('it-root');

  async function upload(
    data: Buffer,
    name: string,
    field = 'file',
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const form = new FormData();
    form.append(field, new Blob([data]), name);
    const response = await fetch(`${stack.baseUrl}/intake`, {
      method: 'POST',
      headers: { authorization: await stack.authorization(clerk), accept: 'application/json' },
      body: form,
      signal: AbortSignal.timeout(120_000),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('reads a DOCX and a text-layer PDF sent as multipart "file", detected by content whatever the name', async () => {
    for (const suffix of ['docx', 'pdf']) {
      const { status, body } = await upload(readFileSync(path.join(dir, `${base(STATE)}.${suffix}`)), 'cong-van.bin');
      expect(status).toBe(200);
      const draft = body.draft as Draft;
      expect({ reference: draft.reference, subject: draft.subject, signature: draft.signature }).toEqual({
        reference: STATE.expected.reference,
        subject: STATE.expected.subject,
        signature: STATE.expected.signature,
      });
      expect(draft.file.kind).toBe(suffix);
    }
  });

  it('still reads JSON { text }, and asks for text or a file when given neither', async () => {
    const read = expectStatus(
      await stack.http.post<{ draft: Draft }>('/intake', { text: 'Số: 12/UBND-VP\nKính gửi: Công an huyện.\n' }, clerk),
      200,
    );
    expect(read.draft.reference).toBe('12/UBND-VP');
    expect(expectError(await stack.http.post('/intake', {}, clerk), 400).errors?.[0]?.field).toBe('text');
  });

  it('refuses what it cannot read with 400 or 413 naming the file and the problem, creating nothing', async () => {
    const before = expectStatus(await stack.http.get<Page<DirectiveView>>('/directives?limit=100', asAdmin()), 200)
      .items.length;
    const encrypted = await pdfOf((doc) => doc.text('Số: 1/UBND-VP'), { userPassword: 'mat-khau', pdfVersion: '1.7' });
    const tooLong = await pdfOf((doc) => {
      for (let page = 1; page <= 31; page += 1) {
        if (page > 1) doc.addPage();
        doc.text(`Trang ${page}`);
      }
    });
    const tinyPng = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(tinyPng);
    tinyPng.writeUInt32BE(100, 16);
    tinyPng.writeUInt32BE(60, 20);
    const cases: [Buffer, string, number, RegExp][] = [
      [Buffer.alloc(20 * 1024 * 1024 + 10, 0x41), 'big.txt', 413, /larger than 20 MB/],
      [Buffer.from([0, 1, 2, 3, 0xfe, 0xff]), 'cong-van.docx', 400, /named \.docx but is not a DOCX/],
      [encrypted, 'cong-van.pdf', 400, /encrypted/],
      [Buffer.from('%PDF-1.4\n1 0 obj <<>> garbage'), 'cong-van.pdf', 400, /damaged or not a PDF/],
      [tooLong, 'long.pdf', 400, /31 pages; at most 30 pages/],
      [tinyPng, 'anh.png', 400, /100×60 pixels, too small/],
    ];
    for (const [data, name, status, message] of cases) {
      const answer = await upload(data, name);
      expect({ name, status: answer.status }).toEqual({ name, status });
      expect(answer.body.message).toMatch(message);
      expect(answer.body.errors).toEqual([{ field: 'file', problem: expect.stringMatching(message) }]);
    }
    expect((await upload(Buffer.from('Số: 1/UBND'), 'a.txt', 'document')).body.message).toMatch(
      /multipart field "file"/,
    );
    const after = expectStatus(await stack.http.get<Page<DirectiveView>>('/directives?limit=100', asAdmin()), 200).items
      .length;
    expect(after).toBe(before);
  });
});
