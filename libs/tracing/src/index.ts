export * from './settings';
export * from './start-tracing';
export * from './temporal';
