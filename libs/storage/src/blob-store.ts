/**
 * Where attachment bytes live: a store addressed by the SHA-256 of the content, so the same file
 * uploaded twice is kept once and a row names its bytes by what they are. Two implementations:
 * the local filesystem ({@link FsBlobStore}) and any S3-compatible object store ({@link S3BlobStore}).
 */
import type { Readable } from 'node:stream';

/** A hex SHA-256: the only key a blob has. */
export type Sha256 = string;

/**
 * Bytes written to a temporary object while they were hashed and counted, not yet under their
 * content key: the caller checks them (type, size) first, then {@link commit}s or {@link discard}s.
 */
export interface PendingBlob {
  readonly sha256: Sha256;
  readonly size: number;
  /** Moves the bytes to their content key (or, when that key exists, marks it fresh and drops the copy). */
  commit(): Promise<void>;
  /** Drops the temporary copy. */
  discard(): Promise<void>;
}

/** A blob the sweep sees: its key and when it was last written or committed again. */
export interface BlobListing {
  sha256: Sha256;
  modifiedAt: Date;
}

/** A temporary object left by an upload that never committed nor discarded (a crash). */
export interface TemporaryListing {
  name: string;
  modifiedAt: Date;
}

/** The operations attachments need, the same on every backend. */
export interface BlobStore {
  /** Which backend this is, for logs and benchmarks. */
  readonly kind: 'fs' | 's3';
  /** Streams `source` into a temporary object, hashing and counting as it goes; never holds it whole. */
  write(source: Readable): Promise<PendingBlob>;
  /** The blob's bytes as a stream; throws {@link BlobNotFoundError} when there is none. */
  read(sha256: Sha256): Promise<Readable>;
  exists(sha256: Sha256): Promise<boolean>;
  remove(sha256: Sha256): Promise<void>;
  /** Every committed blob, in pages, for the sweep. */
  list(): AsyncIterable<BlobListing>;
  /** Every temporary object, for the sweep. */
  listTemporary(): AsyncIterable<TemporaryListing>;
  removeTemporary(name: string): Promise<void>;
}

/** A row named a blob the store does not have: a bug or lost storage, never the caller's fault. */
export class BlobNotFoundError extends Error {
  constructor(readonly sha256: Sha256) {
    super(`blob ${sha256} is not in storage`);
    this.name = 'BlobNotFoundError';
  }
}

/** Only a lowercase hex SHA-256 becomes a key, so no name can reach outside the store. */
export function assertSha256(value: string): asserts value is Sha256 {
  if (!/^[0-9a-f]{64}$/.test(value)) throw new Error(`not a SHA-256: ${value}`);
}
