/**
 * The default store: files under one folder (`DONDOC_STORAGE_DIR`, by default .data/attachments),
 * `blobs/ab/<sha256>`, with uploads written first to `tmp/` on the same file system so the
 * commit is one atomic rename.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertSha256,
  BlobNotFoundError,
  type BlobListing,
  type BlobStore,
  type PendingBlob,
  type Sha256,
  type TemporaryListing,
} from './blob-store';
import { hashingCounter } from './hashing';

/** Blobs as files, content-addressed, under `root`. */
export class FsBlobStore implements BlobStore {
  readonly kind = 'fs' as const;
  private readonly blobs: string;
  private readonly temporary: string;

  constructor(root: string) {
    this.blobs = path.join(root, 'blobs');
    this.temporary = path.join(root, 'tmp');
  }

  async write(source: Readable): Promise<PendingBlob> {
    await mkdir(this.temporary, { recursive: true });
    const temporaryFile = path.join(this.temporary, randomUUID());
    const counter = hashingCounter();
    try {
      await pipeline(source, counter.stream, createWriteStream(temporaryFile, { flags: 'wx' }));
    } catch (error) {
      await rm(temporaryFile, { force: true });
      throw error;
    }
    const { sha256, size } = counter.result();
    return {
      sha256,
      size,
      commit: async () => {
        const target = this.pathOf(sha256);
        await mkdir(path.dirname(target), { recursive: true });
        if (await this.exists(sha256)) {
          // Fresh again, so a sweep that found it unreferenced an hour ago leaves it to the new row.
          const now = new Date();
          await utimes(target, now, now);
          await rm(temporaryFile, { force: true });
          return;
        }
        await rename(temporaryFile, target);
      },
      discard: () => rm(temporaryFile, { force: true }),
    };
  }

  async read(sha256: Sha256): Promise<Readable> {
    assertSha256(sha256);
    const file = this.pathOf(sha256);
    if (!(await this.exists(sha256))) throw new BlobNotFoundError(sha256);
    return createReadStream(file);
  }

  async exists(sha256: Sha256): Promise<boolean> {
    assertSha256(sha256);
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  async remove(sha256: Sha256): Promise<void> {
    assertSha256(sha256);
    await rm(this.pathOf(sha256), { force: true });
  }

  async *list(): AsyncIterable<BlobListing> {
    for (const prefix of await entries(this.blobs)) {
      for (const name of await entries(path.join(this.blobs, prefix))) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        const info = await stat(path.join(this.blobs, prefix, name)).catch(() => null);
        if (info) yield { sha256: name, modifiedAt: info.mtime };
      }
    }
  }

  async *listTemporary(): AsyncIterable<TemporaryListing> {
    for (const name of await entries(this.temporary)) {
      const info = await stat(path.join(this.temporary, name)).catch(() => null);
      if (info) yield { name, modifiedAt: info.mtime };
    }
  }

  async removeTemporary(name: string): Promise<void> {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) return;
    await rm(path.join(this.temporary, name), { force: true });
  }

  private pathOf(sha256: Sha256): string {
    return path.join(this.blobs, sha256.slice(0, 2), sha256);
  }
}

async function entries(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch {
    return [];
  }
}
