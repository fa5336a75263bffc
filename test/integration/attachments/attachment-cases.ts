/**
 * The attachment specification, run once per storage (attachments.spec.ts on the filesystem,
 * attachments-s3.spec.ts against a real S3-compatible server): upload, list and download with
 * equal bytes and hash, each refusal, scope, deletion, submission and the sweep.
 */
import { mkdirSync } from 'node:fs';
import { type DataSource } from 'typeorm';
import { createDataSource, referencedAttachmentBlobs } from '@dondoc/persistence';
import { sweepOrphanBlobs, type BlobStore } from '@dondoc/storage';
import { Readable } from 'node:stream';
import { asClerk, asOfficer, expectStatus, type ErrorBody, type TaskView } from '../support/api';
import { DAY, QUIET_POLICY, aDirective, anOrg, isoIn, type Org } from '../support/builders';
import { pollUntil, type Stack } from '../support/stack';
import { aPdf, anExecutable, send, sendOversized, sha256, upload } from './attachment-files';

/** The attachment as the API shows it (apps/api/src/attachments/attachments.dto.ts). */
interface AttachmentView {
  id: string;
  taskId: string;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
  uploadedBy: string;
  submittedAt: string | null;
  downloadPath: string;
}

/** What each storage's spec gives the cases. */
export interface AttachmentCaseContext {
  stack: Stack;
  /** The store the stack's processes use, for the sweep and for planting an orphan. */
  store: () => BlobStore;
  /** DONDOC_ATTACHMENT_MAX the stack was started with. */
  maxBytes: number;
}

const VIETNAMESE_NAME = 'Báo cáo tổng kết – Quý 3 (bản ký số).pdf';

/** Declares the cases inside the caller's describe block. */
export function attachmentCases(context: AttachmentCaseContext): void {
  const { stack } = context;
  let org: Org;
  let task: TaskView;
  let otherTask: TaskView;
  let officer: string;
  let colleague: string;
  let outsider: string;
  let issuingClerk: string;

  beforeAll(async () => {
    org = await anOrg().create(stack);
    const directive = await aDirective(org)
      .to(org.recipients[0]!)
      .to(org.recipients[1]!)
      .withPolicy(QUIET_POLICY)
      .withReview()
      .dueAt(isoIn(30 * DAY))
      .issue(stack);
    const tasks = await pollUntil(
      async () =>
        expectStatus(
          await stack.http.get<{ items: TaskView[] }>(`/directives/${directive.id}/tasks`, asClerk(org.issuer)),
          200,
        ).items,
      (items) => items.length === 2,
      { timeoutMs: 60_000, intervalMs: 200, description: 'both tasks listed' },
    );
    task = tasks.find((t) => t.unitId === org.recipients[0])!;
    otherTask = tasks.find((t) => t.unitId === org.recipients[1])!;
    officer = await stack.authorization(asOfficer(org.recipients[0]!, 'chuyen.vien.1'));
    colleague = await stack.authorization(asOfficer(org.recipients[0]!, 'chuyen.vien.2'));
    outsider = await stack.authorization(asOfficer(org.recipients[1]!, 'chuyen.vien.khac'));
    issuingClerk = await stack.authorization(asClerk(org.issuer));
  }, 120_000);

  it('uploads a PDF with a Vietnamese name; the issuer lists and downloads the same bytes under that name', async () => {
    const pdf = aPdf();
    const created = await upload(stack, task.id, officer, pdf, VIETNAMESE_NAME);
    expect(created.status).toBe(201);
    const attachment = created.body as AttachmentView;
    expect(attachment).toMatchObject({
      taskId: task.id,
      sha256: sha256(pdf),
      size: pdf.length,
      contentType: 'application/pdf',
      fileName: VIETNAMESE_NAME,
      uploadedBy: 'chuyen.vien.1',
      submittedAt: null,
    });

    const listed = await send(stack, 'GET', `/tasks/${task.id}/attachments`, issuingClerk);
    expect(listed.status).toBe(200);
    expect((listed.body as { items: AttachmentView[] }).items.map((a) => a.id)).toContain(attachment.id);

    const download = await send(stack, 'GET', `/attachments/${attachment.id}`, issuingClerk);
    expect(download.status).toBe(200);
    expect(download.bytes.equals(pdf)).toBe(true);
    expect(sha256(download.bytes)).toBe(attachment.sha256);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('etag')).toBe(`"${attachment.sha256}"`);
    const disposition = download.headers.get('content-disposition') ?? '';
    expect(disposition).toContain(
      `filename*=UTF-8''${encodeURIComponent(VIETNAMESE_NAME).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    // The ASCII fallback for old clients carries no raw non-ASCII byte.
    expect(/^[\x20-\x7e]*$/.test(disposition)).toBe(true);
  });

  it('refuses an executable renamed .pdf (415), an empty file and names with a path or control characters (400), naming the field', async () => {
    const cases: [Buffer, string, number][] = [
      [anExecutable(), 'bao-cao.pdf', 415],
      [Buffer.alloc(0), 'trong.pdf', 400],
      [aPdf(), '../../etc/bao-cao.pdf', 400],
      [aPdf(), 'thu-muc\\bao-cao.pdf', 400],
      [aPdf(), 'bao\u0007cao.pdf', 400],
      [aPdf(), 'bao-cao\r\nX-Injected: 1.pdf', 400],
    ];
    for (const [data, name, status] of cases) {
      const answer = await upload(stack, task.id, officer, data, name);
      expect({ name, status: answer.status }).toEqual({ name, status });
      const body = answer.body as ErrorBody;
      expect(body.errors?.[0]?.field).toBe('file');
      expect(body.errors?.[0]?.problem).toMatch(/tệp/);
    }
    const listed = await send(stack, 'GET', `/tasks/${task.id}/attachments`, officer);
    const names = (listed.body as { items: AttachmentView[] }).items.map((a) => a.fileName);
    expect(names).not.toContain('bao-cao.pdf');
  });

  it('answers 413 from the announced length before the body is sent, and at the limit when the length is not announced', async () => {
    const announced = await sendOversized(stack, task.id, officer, context.maxBytes * 20, true);
    expect(announced.status).toBe(413);
    expect(announced.sentBytes).toBeLessThan(1024);
    expect(announced.answer).toMatch(/"field":"file"/);

    // Unannounced: refused at the limit. The server stops reading there and closes; a client
    // still writing may see the close before the 413 (as with any server that stops reading).
    // Loopback socket buffers take several MB more than the server reads, so the bound is loose.
    const total = 100 * 1024 * 1024;
    const streamed = await sendOversized(stack, task.id, officer, total, false);
    if (streamed.status !== null) expect(streamed.status).toBe(413);
    expect(streamed.sentBytes).toBeGreaterThan(context.maxBytes);
    expect(streamed.sentBytes).toBeLessThan(total / 4);
    const listed = (await send(stack, 'GET', `/tasks/${task.id}/attachments`, officer)).body as {
      items: AttachmentView[];
    };
    expect(listed.items.map((a) => a.fileName)).not.toContain('big.pdf');
  });

  it('hides another unit’s task and its attachments: 404 for upload, list, download and delete', async () => {
    const own = (await upload(stack, task.id, officer, aPdf(), 'rieng.pdf')).body as AttachmentView;
    expect((await upload(stack, task.id, outsider, aPdf(), 'x.pdf')).status).toBe(404);
    expect((await send(stack, 'GET', `/tasks/${task.id}/attachments`, outsider)).status).toBe(404);
    const download = await send(stack, 'GET', `/attachments/${own.id}`, outsider);
    expect(download.status).toBe(404);
    expect((download.body as ErrorBody).message).toBe(`attachment ${own.id} does not exist`);
    expect((await send(stack, 'DELETE', `/attachments/${own.id}`, outsider)).status).toBe(404);
    expect((await send(stack, 'GET', `/tasks/${otherTask.id}/attachments`, officer)).status).toBe(404);
  });

  it('lets only the uploader delete, and records uploads and deletions in the audit trail', async () => {
    const attachment = (await upload(stack, task.id, officer, aPdf(), 'xoa.pdf')).body as AttachmentView;
    expect((await send(stack, 'DELETE', `/attachments/${attachment.id}`, colleague)).status).toBe(403);
    expect((await send(stack, 'DELETE', `/attachments/${attachment.id}`, officer)).status).toBe(204);
    expect((await send(stack, 'GET', `/attachments/${attachment.id}`, officer)).status).toBe(404);
    expect((await send(stack, 'DELETE', `/attachments/${attachment.id}`, officer)).status).toBe(404);

    const db = await connect(stack);
    try {
      const rows = await db.query<{ action: string; after: { id?: string } }[]>(
        `SELECT action, after FROM audit_records WHERE target_id = $1 AND action LIKE 'attachment.%' ORDER BY seq`,
        [task.id],
      );
      const mine = rows.filter((r) => r.after?.id === attachment.id).map((r) => r.action);
      expect(mine).toEqual(['attachment.upload', 'attachment.delete']);
    } finally {
      await db.destroy();
    }
  });

  it('submits a report naming attachments, refuses ids of another task or deleted ones, then freezes them', async () => {
    const kept = (await upload(stack, task.id, officer, aPdf(), 'nop.pdf')).body as AttachmentView;
    const deleted = (await upload(stack, task.id, officer, aPdf(), 'da-xoa.pdf')).body as AttachmentView;
    expect((await send(stack, 'DELETE', `/attachments/${deleted.id}`, officer)).status).toBe(204);
    const foreign = (await upload(stack, otherTask.id, outsider, aPdf(), 'khac.pdf')).body as AttachmentView;

    const refused = await stack.http.post<ErrorBody>(
      `/tasks/${task.id}/submit`,
      { report: 'Báo cáo', attachmentIds: [kept.id, foreign.id, deleted.id, 'not-a-uuid'] },
      { token: null, headers: { authorization: officer } },
    );
    expect(refused.status).toBe(400);
    expect((refused.body.errors ?? []).map((e) => e.field)).toEqual([
      'attachmentIds[1]',
      'attachmentIds[2]',
      'attachmentIds[3]',
    ]);

    const submitted = await stack.http.post<TaskView>(
      `/tasks/${task.id}/submit`,
      { report: 'Báo cáo kèm tệp ký số', attachmentIds: [kept.id] },
      { token: null, headers: { authorization: officer } },
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');

    const listed = (await send(stack, 'GET', `/tasks/${task.id}/attachments`, issuingClerk)).body as {
      items: AttachmentView[];
    };
    expect(listed.items.find((a) => a.id === kept.id)?.submittedAt).not.toBeNull();
    const refusedDelete = await send(stack, 'DELETE', `/attachments/${kept.id}`, officer);
    expect(refusedDelete.status).toBe(409);
    expect((await send(stack, 'GET', `/attachments/${kept.id}`, issuingClerk)).status).toBe(200);
  });

  it('sweeps a blob no row names once it is old enough, and keeps every blob a row names', async () => {
    const referenced = (await upload(stack, task.id, officer, aPdf(), 'giu-lai.pdf')).body as AttachmentView;
    const orphanBytes = aPdf();
    const pending = await context.store().write(Readable.from([orphanBytes]));
    await pending.commit();
    expect(await context.store().exists(sha256(orphanBytes))).toBe(true);

    const db = await connect(stack);
    try {
      const referencedBy = (candidates: string[]): Promise<Set<string>> => referencedAttachmentBlobs(db, candidates);
      // Not yet an hour old: kept.
      await sweepOrphanBlobs(context.store(), referencedBy, 60 * 60 * 1000);
      expect(await context.store().exists(sha256(orphanBytes))).toBe(true);
      // Swept as if an hour had passed.
      const result = await sweepOrphanBlobs(
        context.store(),
        referencedBy,
        60 * 60 * 1000,
        Date.now() + 2 * 60 * 60 * 1000,
      );
      expect(result.removedBlobs).toBeGreaterThanOrEqual(1);
    } finally {
      await db.destroy();
    }
    expect(await context.store().exists(sha256(orphanBytes))).toBe(false);
    expect(await context.store().exists(referenced.sha256)).toBe(true);
    const download = await send(stack, 'GET', `/attachments/${referenced.id}`, officer);
    expect(download.status).toBe(200);
  });
}

async function connect(stack: Stack): Promise<DataSource> {
  const db = createDataSource(stack.databaseUrl, { extra: { max: 2 } });
  await db.initialize();
  return db;
}

/** A folder of the repository's git-ignored .data for a stack's blobs. */
export function storageFolder(name: string): string {
  const folder = `${process.cwd()}/.data/run/it-attachments/${name}`;
  mkdirSync(folder, { recursive: true });
  return folder;
}
