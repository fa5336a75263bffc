export * from './canonical';
export * from './chain';
export * from './audit-store';
