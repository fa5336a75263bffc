// Public face of the domain rules: pure, deterministic, safe to bundle into Temporal workflows.
export * from './errors';
export * from './task-state';
export * from './duration';
export * from './reminder-policy';
export * from './reminder-schedule';
export * from './local-date';
export * from './calendar-table';
export * from './calendar';
export * from './calendar-rules';
export * from './lunar-calendar';
export * from './escalation-chain';
export * from './recurrence';
export * from './overdue';
export * from './statistics';
