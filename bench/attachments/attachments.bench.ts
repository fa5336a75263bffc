/**
 * Attachment throughput benchmark (figures, not assertions). On one private stack (Temporal dev
 * server, PostgreSQL, worker, API) with the storage BENCH_STORAGE names (fs, the default, or s3
 * against DONDOC_S3_*: `source infra/s3proxy.sh; start_s3proxy DIR` starts one), it
 *   - uploads N files of 5 MB (random bytes behind a PDF header, written to a temporary folder
 *     first) through POST /tasks/:id/attachments, CONCURRENCY at a time, streamed from disk;
 *   - copies the same files straight into a second store of the same kind (the blob store's own
 *     write + commit: hashing, temporary object, move), the floor the API adds its cost to;
 *   - downloads every file through GET /attachments/:id and straight from the store;
 * and samples the API process's resident memory (VmRSS, every 20 ms) during the uploads: a
 * streaming upload keeps it flat, a buffering one would grow by files × 5 MB.
 * Last line: {"storage":…,"files":N,"fileMB":5,"uploadApiMBps":…,"uploadDirectMBps":…,
 *   "uploadRatio":…,"downloadApiMBps":…,"downloadDirectMBps":…,"downloadRatio":…,
 *   "apiRssBeforeMB":…,"apiRssPeakDuringUploadsMB":…}   (ratio = API ÷ direct)
 *
 * Usage: npm run bench:attachments [-- FILES]   (default 100; BENCH_STORAGE=fs|s3)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { FsBlobStore, S3BlobStore, type BlobStore, type S3StoreSettings } from '@dondoc/storage';
import { asClerk, asOfficer, expectStatus, type TaskView } from '../../test/integration/support/api';
import { DAY, QUIET_POLICY, aDirective, anOrg, isoIn, unique } from '../../test/integration/support/builders';
import { pollUntil, startStack, type Stack } from '../../test/integration/support/stack';
import { runBench } from '../support/run-bench';

const FILES = Number(process.argv[2] ?? process.env.BENCH_FILES ?? 100);
const FILE_BYTES = 5 * 1024 * 1024;
const CONCURRENCY = 4;
const STORAGE = process.env.BENCH_STORAGE === 's3' ? 's3' : 'fs';
const MB = 1024 * 1024;

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** Runs `work` over `items`, `CONCURRENCY` at a time; returns the seconds it took. */
async function timed<T>(items: T[], work: (item: T) => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** A sink that only counts, so reading is all that is measured. */
function nullSink(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

/** POSTs one file from disk as multipart, streamed; resolves with the attachment id. */
function uploadFile(stack: Stack, taskId: string, authorization: string, file: string): Promise<string> {
  const url = new URL(`${stack.baseUrl}/tasks/${taskId}/attachments`);
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\n` +
      'Content-Type: application/pdf\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + statSync(file).size + tail.length;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        method: 'POST',
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: {
          authorization,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 201) return reject(new Error(`upload answered ${res.statusCode}: ${body}`));
          resolve((JSON.parse(body) as { id: string }).id);
        });
      },
    );
    req.on('error', reject);
    req.write(head);
    const source = createReadStream(file);
    source.on('error', reject);
    source.on('end', () => req.end(tail));
    source.pipe(req, { end: false });
  });
}

/** GETs one attachment and discards its bytes. */
function downloadFile(stack: Stack, authorization: string, id: string): Promise<void> {
  const url = new URL(`${stack.baseUrl}/attachments/${id}`);
  return new Promise((resolve, reject) => {
    const req = http.get(
      { agent, hostname: url.hostname, port: url.port, path: url.pathname, headers: { authorization } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`download answered ${res.statusCode}`));
        pipeline(res, nullSink()).then(resolve, reject);
      },
    );
    req.on('error', reject);
  });
}

/** The pid listening on the API's port (the stack does not expose it). */
function apiPid(stack: Stack): number {
  const port = new URL(stack.baseUrl).port;
  const listing = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  for (const match of listing.matchAll(/pid=(\d+)/g)) {
    const pid = Number(match[1]);
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (command.includes('apps/api')) return pid;
  }
  throw new Error(`no API process found listening on port ${port}: ${listing}`);
}

/** VmRSS of `pid` in MB; 0 when it cannot be read (the sampler must never end the run). */
function residentMB(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Stores for the API and for the direct copy: of the same kind, never sharing a blob. */
async function storageFor(name: string): Promise<{ env: Record<string, string>; store: BlobStore }> {
  if (STORAGE === 'fs') {
    const folder = path.join(process.cwd(), '.data', 'run', 'bench-attachments', name);
    mkdirSync(folder, { recursive: true });
    return { env: { DONDOC_STORAGE: 'fs', DONDOC_STORAGE_DIR: folder }, store: new FsBlobStore(folder) };
  }
  const endpoint = process.env.DONDOC_S3_ENDPOINT;
  if (!endpoint)
    throw new Error('BENCH_STORAGE=s3 needs DONDOC_S3_ENDPOINT (source infra/s3proxy.sh; start_s3proxy DIR)');
  const settings: S3StoreSettings = {
    endpoint,
    bucket: `dondoc-bench-${name}`,
    region: process.env.DONDOC_S3_REGION ?? 'us-east-1',
    accessKeyId: process.env.DONDOC_S3_ACCESS_KEY_ID ?? null,
    secretAccessKey: process.env.DONDOC_S3_SECRET_ACCESS_KEY ?? null,
    forcePathStyle: true,
  };
  const client = new S3Client({
    endpoint,
    region: settings.region,
    forcePathStyle: true,
    credentials: { accessKeyId: settings.accessKeyId ?? '', secretAccessKey: settings.secretAccessKey ?? '' },
  });
  await client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
  client.destroy();
  return {
    env: { DONDOC_STORAGE: 's3', DONDOC_S3_BUCKET: settings.bucket, DONDOC_S3_FORCE_PATH_STYLE: 'true' },
    store: new S3BlobStore(settings),
  };
}

runBench(async () => {
  const run = unique();
  const viaApi = await storageFor(`api-${run}`);
  const direct = await storageFor(`direct-${run}`);
  const folder = mkdtempSync(path.join(tmpdir(), 'dondoc-bench-attachments-'));
  const stack = await startStack({ name: 'bench-attachments', env: { ...viaApi.env, DONDOC_ATTACHMENT_MAX: '25mb' } });
  try {
    const files = Array.from({ length: FILES }, (_, i) => {
      const file = path.join(folder, `bao-cao-${i}.pdf`);
      writeFileSync(file, Buffer.concat([Buffer.from('%PDF-1.7\n%bench\n'), randomBytes(FILE_BYTES - 16)]));
      return file;
    });
    const org = await anOrg().create(stack);
    const directive = await aDirective(org)
      .to(org.recipients[0]!)
      .withPolicy(QUIET_POLICY)
      .dueAt(isoIn(30 * DAY))
      .issue(stack);
    const task = await pollUntil(
      async () =>
        expectStatus(
          await stack.http.get<{ items: TaskView[] }>(`/directives/${directive.id}/tasks`, asClerk(org.issuer)),
          200,
        ).items[0],
      (t) => t !== undefined,
      { timeoutMs: 60_000, intervalMs: 200, description: 'the task listed' },
    );
    const authorization = await stack.authorization(asOfficer(org.recipients[0]!, 'chuyen.vien.bench'));
    const pid = apiPid(stack);
    const rssBefore = residentMB(pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, residentMB(pid))), 20);

    const ids: string[] = [];
    const uploadApiSeconds = await timed(files, async (file) => {
      ids.push(await uploadFile(stack, task!.id, authorization, file));
    });
    clearInterval(sampler);
    const shas: string[] = [];
    const uploadDirectSeconds = await timed(files, async (file) => {
      const pending = await direct.store.write(createReadStream(file));
      await pending.commit();
      shas.push(pending.sha256);
    });
    const downloadApiSeconds = await timed(ids, (id) => downloadFile(stack, authorization, id));
    const downloadDirectSeconds = await timed(shas, async (sha) => pipeline(await direct.store.read(sha), nullSink()));

    const totalMB = (FILES * FILE_BYTES) / MB;
    const round = (n: number): number => Math.round(n * 100) / 100;
    const figures = {
      storage: STORAGE,
      files: FILES,
      fileMB: FILE_BYTES / MB,
      uploadApiMBps: round(totalMB / uploadApiSeconds),
      uploadDirectMBps: round(totalMB / uploadDirectSeconds),
      uploadRatio: round(uploadDirectSeconds / uploadApiSeconds),
      downloadApiMBps: round(totalMB / downloadApiSeconds),
      downloadDirectMBps: round(totalMB / downloadDirectSeconds),
      downloadRatio: round(downloadDirectSeconds / downloadApiSeconds),
      apiRssBeforeMB: round(rssBefore),
      apiRssPeakDuringUploadsMB: round(rssPeak),
    };
    console.log(
      `${FILES} files of 5 MB (${STORAGE}): upload API ${figures.uploadApiMBps} MB/s vs direct ${figures.uploadDirectMBps} MB/s; ` +
        `download API ${figures.downloadApiMBps} MB/s vs direct ${figures.downloadDirectMBps} MB/s; ` +
        `API RSS ${figures.apiRssBeforeMB} MB before, ${figures.apiRssPeakDuringUploadsMB} MB at most during uploads`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    agent.destroy();
    if (direct.store instanceof S3BlobStore) direct.store.destroy();
    if (viaApi.store instanceof S3BlobStore) viaApi.store.destroy();
    await stack.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
