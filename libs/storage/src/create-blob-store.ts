import { FsBlobStore } from './fs-blob-store';
import { S3BlobStore } from './s3-blob-store';
import type { BlobStore } from './blob-store';
import type { StorageSettings } from './storage-settings';

/** The store the settings name: the composition roots (API, worker, tests, bench) call this once. */
export function createBlobStore(settings: StorageSettings): BlobStore {
  return settings.kind === 'fs' ? new FsBlobStore(settings.directory) : new S3BlobStore(settings);
}
