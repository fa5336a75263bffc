/** Injection token of the Temporal client. */
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
