export * from './env';
export * from './settings';
