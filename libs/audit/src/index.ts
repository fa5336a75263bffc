export * from './canonical';
export * from './chain';
export * from './chain-template';
export * from './audit-store';
