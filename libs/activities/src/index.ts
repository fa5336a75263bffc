export * from './calendar-replan';
export * from './dondoc.activities';
export * from './errors';
export * from './escalation-chain';
export * from './report-periods';
export * from './task-projection';
export * from './withdrawal-cascade';
