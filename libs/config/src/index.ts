export * from './env';
export * from './settings';
export * from './security';
export * from './logging';
export * from './console';
