export * from './dondoc.activities';
export * from './escalation-chain';
export * from './task-projection';
export * from './withdrawal-cascade';
export type * from './types';
