export * from './dondoc.activities';
export * from './task-projection';
export type * from './types';
