/**
 * Blobs in any S3-compatible object store (AWS S3, MinIO, S3Proxy, Ceph…): `blobs/<sha256>` in
 * one bucket, uploads streamed first to `tmp/<uuid>` with a multipart upload (lib-storage's
 * `Upload`, a few parts of 5 MB in memory at most), then copied to their content key.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
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

/** How to reach the bucket: `DONDOC_S3_*`. */
export interface S3StoreSettings {
  endpoint: string | null;
  bucket: string;
  region: string;
  accessKeyId: string | null;
  secretAccessKey: string | null;
  forcePathStyle: boolean;
}

const BLOBS = 'blobs/';
const TEMPORARY = 'tmp/';

/** Blobs as objects of one bucket, content-addressed. */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly settings: S3StoreSettings) {
    const config: S3ClientConfig = {
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      // Checksums only where S3 requires them: the SDK's default (CRC32 in a streamed trailer)
      // is refused by S3-compatible servers that do not implement it (S3Proxy, older MinIO);
      // the content's SHA-256 is ours to check anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    if (settings.endpoint) config.endpoint = settings.endpoint;
    if (settings.accessKeyId && settings.secretAccessKey) {
      config.credentials = { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey };
    }
    this.client = new S3Client(config);
  }

  async write(source: Readable): Promise<PendingBlob> {
    const temporaryKey = `${TEMPORARY}${randomUUID()}`;
    const counter = hashingCounter();
    const body = new PassThrough();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: temporaryKey, Body: body },
      queueSize: 2,
    });
    try {
      await Promise.all([pipeline(source, counter.stream, body), upload.done()]);
    } catch (error) {
      await upload.abort().catch(() => undefined);
      await this.deleteKey(temporaryKey).catch(() => undefined);
      throw error;
    }
    const { sha256, size } = counter.result();
    return {
      sha256,
      size,
      commit: async () => {
        // A copy onto an existing key rewrites it, which also marks it fresh for the sweep.
        await this.client.send(
          new CopyObjectCommand({
            Bucket: this.settings.bucket,
            Key: this.keyOf(sha256),
            CopySource: `${this.settings.bucket}/${temporaryKey}`,
            MetadataDirective: 'REPLACE',
          }),
        );
        await this.deleteKey(temporaryKey);
      },
      discard: () => this.deleteKey(temporaryKey),
    };
  }

  async read(sha256: Sha256): Promise<Readable> {
    assertSha256(sha256);
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(sha256) }),
      );
      return answer.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new BlobNotFoundError(sha256);
      throw error;
    }
  }

  async exists(sha256: Sha256): Promise<boolean> {
    assertSha256(sha256);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async remove(sha256: Sha256): Promise<void> {
    assertSha256(sha256);
    await this.deleteKey(this.keyOf(sha256));
  }

  async *list(): AsyncIterable<BlobListing> {
    for await (const object of this.listPrefix(BLOBS)) {
      const sha256 = object.key.slice(BLOBS.length);
      if (/^[0-9a-f]{64}$/.test(sha256)) yield { sha256, modifiedAt: object.modifiedAt };
    }
  }

  async *listTemporary(): AsyncIterable<TemporaryListing> {
    for await (const object of this.listPrefix(TEMPORARY)) {
      yield { name: object.key.slice(TEMPORARY.length), modifiedAt: object.modifiedAt };
    }
  }

  async removeTemporary(name: string): Promise<void> {
    if (name.includes('/')) return;
    await this.deleteKey(`${TEMPORARY}${name}`);
  }

  /** Closes the client's sockets. */
  destroy(): void {
    this.client.destroy();
  }

  private async *listPrefix(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) yield { key: object.Key, modifiedAt: object.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  private async deleteKey(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  private keyOf(sha256: Sha256): string {
    return `${BLOBS}${sha256}`;
  }
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}
