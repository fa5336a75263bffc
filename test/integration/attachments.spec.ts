/**
 * Attachments on the real stack with the default storage, the local filesystem
 * (DONDOC_STORAGE=fs): the cases of attachments/attachment-cases.ts.
 */
import { FsBlobStore } from '@dondoc/storage';
import { unique } from './support/builders';
import { useStack } from './support/use-stack';
import { attachmentCases, storageFolder } from './attachments/attachment-cases';

const folder = storageFolder(`fs-${unique()}`);
// 1 MB keeps the too-large cases quick; the default (25 MB) is the same code with a larger number.
const maxBytes = 1024 * 1024;
const stack = useStack({ env: { DONDOC_STORAGE: 'fs', DONDOC_STORAGE_DIR: folder, DONDOC_ATTACHMENT_MAX: '1mb' } });

describe('attachments on the filesystem', () => {
  attachmentCases({ stack, store: () => new FsBlobStore(folder), maxBytes });
});
