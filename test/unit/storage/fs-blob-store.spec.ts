import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { BlobNotFoundError, FsBlobStore, sweepOrphanBlobs } from '@dondoc/storage';
import { fileNameProblem } from '../../../apps/api/src/attachments/attachment-files';

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('the filesystem blob store', () => {
  let root: string;
  let store: FsBlobStore;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'dondoc-blobs-'));
    store = new FsBlobStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('hashes and counts while writing, keeps the bytes under their SHA-256 once committed, and reads them back', async () => {
    const data = randomBytes(300_000);
    const pending = await store.write(Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]));
    expect(pending).toMatchObject({ sha256: sha(data), size: data.length });
    expect(await store.exists(pending.sha256)).toBe(false);
    await pending.commit();
    expect(await store.exists(pending.sha256)).toBe(true);
    expect((await buffer(await store.read(pending.sha256))).equals(data)).toBe(true);
    expect(readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('keeps one copy of the same content, and a discarded upload leaves nothing', async () => {
    const data = randomBytes(1000);
    await (await store.write(Readable.from([data]))).commit();
    await (await store.write(Readable.from([data]))).commit();
    const discarded = await store.write(Readable.from([randomBytes(10)]));
    await discarded.discard();
    const blobs: string[] = [];
    for await (const blob of store.list()) blobs.push(blob.sha256);
    expect(blobs).toEqual([sha(data)]);
    await expect(store.read(discarded.sha256)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('sweeps old unreferenced blobs and stale temporary files, never a referenced or a recent one', async () => {
    const kept = await store.write(Readable.from([Buffer.from('kept')]));
    await kept.commit();
    const orphan = await store.write(Readable.from([Buffer.from('orphan')]));
    await orphan.commit();
    await store.write(Readable.from([Buffer.from('never finished')]));
    const referenced = async (candidates: string[]): Promise<Set<string>> =>
      new Set(candidates.filter((c) => c === kept.sha256));

    expect(await sweepOrphanBlobs(store, referenced, 3_600_000)).toMatchObject({
      removedBlobs: 0,
      removedTemporary: 0,
    });
    const later = Date.now() + 2 * 3_600_000;
    expect(await sweepOrphanBlobs(store, referenced, 3_600_000, later)).toEqual({
      examined: 2,
      removedBlobs: 1,
      removedTemporary: 1,
    });
    expect(await store.exists(kept.sha256)).toBe(true);
    expect(await store.exists(orphan.sha256)).toBe(false);
  });
});

describe('attachment file names', () => {
  it.each([
    ['Báo cáo tổng kết – Quý 3.pdf', null],
    ['../bao-cao.pdf', /đường dẫn/],
    ['thu-muc\\bao-cao.pdf', /đường dẫn/],
    ['bao\u0000cao.pdf', /điều khiển/],
    ['bao\u009bcao.pdf', /điều khiển/],
    ['   ', /trống/],
    ['a'.repeat(256), /dài/],
  ])('%j → %s', (name, problem) => {
    const found = fileNameProblem(name);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});
