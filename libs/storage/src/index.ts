export * from './blob-store';
export * from './create-blob-store';
export * from './fs-blob-store';
export * from './hashing';
export * from './s3-blob-store';
export * from './storage-settings';
export * from './sweep';
