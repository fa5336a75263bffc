export * from './client';
export * from './worker';
export * from './errors';
