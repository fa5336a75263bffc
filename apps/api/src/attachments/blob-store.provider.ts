import type { Provider } from '@nestjs/common';
import { EnvReader } from '@dondoc/config';
import { createBlobStore, loadStorageSettings, readAttachmentMaxBytes, type BlobStore } from '@dondoc/storage';

/** Injection token of the attachments' {@link BlobStore} (DONDOC_STORAGE). */
export const BLOB_STORE = Symbol('BLOB_STORE');
/** Injection token of the largest attachment accepted, in bytes (DONDOC_ATTACHMENT_MAX). */
export const ATTACHMENT_MAX_BYTES = Symbol('ATTACHMENT_MAX_BYTES');

/** The store and the limit, read from the environment when the module starts (a bad setting stops the API). */
export const ATTACHMENT_PROVIDERS: Provider[] = [
  { provide: BLOB_STORE, useFactory: (): BlobStore => createBlobStore(loadStorageSettings()) },
  {
    provide: ATTACHMENT_MAX_BYTES,
    useFactory: (): number => {
      const reader = new EnvReader();
      const bytes = readAttachmentMaxBytes(reader);
      reader.done();
      return bytes;
    },
  },
];
