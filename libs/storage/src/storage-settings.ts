/**
 * Which store attachments go to, read from the environment once at start-up by both processes
 * (the API writes and reads blobs, the worker sweeps them), so both always agree.
 */
import path from 'node:path';
import { EnvReader } from '@dondoc/config';
import type { S3StoreSettings } from './s3-blob-store';

/** The local default: under the git-ignored data folder, beside the keys and logs. */
export const DEFAULT_STORAGE_DIR = '.data/attachments';

/** `DONDOC_STORAGE=fs` (default) or `s3`, and what each needs. */
export type StorageSettings = { kind: 'fs'; directory: string } | ({ kind: 's3' } & S3StoreSettings);

/**
 * Reads DONDOC_STORAGE, DONDOC_STORAGE_DIR, and for S3 DONDOC_S3_BUCKET (required),
 * DONDOC_S3_ENDPOINT, DONDOC_S3_REGION, DONDOC_S3_ACCESS_KEY_ID, DONDOC_S3_SECRET_ACCESS_KEY,
 * DONDOC_S3_FORCE_PATH_STYLE. Without keys the SDK's own chain (instance role, profile) is used.
 */
export function readStorageSettings(reader: EnvReader): StorageSettings {
  const kind = reader.oneOf('DONDOC_STORAGE', 'fs', ['fs', 's3'] as const);
  if (kind === 'fs') {
    return { kind, directory: path.resolve(reader.string('DONDOC_STORAGE_DIR', DEFAULT_STORAGE_DIR)) };
  }
  const endpoint = reader.string('DONDOC_S3_ENDPOINT', '');
  const accessKeyId = reader.string('DONDOC_S3_ACCESS_KEY_ID', '');
  const secretAccessKey = reader.string('DONDOC_S3_SECRET_ACCESS_KEY', '');
  return {
    kind,
    endpoint: endpoint === '' ? null : reader.url('DONDOC_S3_ENDPOINT', endpoint, ['http:', 'https:']),
    bucket: reader.required('DONDOC_S3_BUCKET', 'the bucket attachments are stored in when DONDOC_STORAGE=s3'),
    region: reader.string('DONDOC_S3_REGION', 'us-east-1'),
    accessKeyId: accessKeyId === '' ? null : accessKeyId,
    secretAccessKey: secretAccessKey === '' ? null : secretAccessKey,
    forcePathStyle: reader.oneOf('DONDOC_S3_FORCE_PATH_STYLE', 'false', ['true', 'false'] as const) === 'true',
  };
}

/** The largest attachment accepted by default: 25 MB, a signed scan of a long report. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 25 * 1024 ** 2;

/** Reads DONDOC_ATTACHMENT_MAX (a size such as 25mb; from 1 kB to 1 GB). */
export function readAttachmentMaxBytes(reader: EnvReader): number {
  return reader.byteSize('DONDOC_ATTACHMENT_MAX', DEFAULT_ATTACHMENT_MAX_BYTES, 1024, 1024 ** 3);
}

/** Validates the storage settings alone, or throws a ConfigError naming every problem. */
export function loadStorageSettings(env: Record<string, string | undefined> = process.env): StorageSettings {
  const reader = new EnvReader(env);
  const settings = readStorageSettings(reader);
  reader.done();
  return settings;
}
