/** What a field of each kind must be, said the same way in every DTO (wrong type or wrong format). */
export const DATE_TIME_TYPE = 'must be an ISO-8601 date-time with an offset, or a date (YYYY-MM-DD)';
/** A Vietnamese calendar day. */
export const DATE_TYPE = 'must be a date (YYYY-MM-DD)';
/** Reminder intervals, recurrence periods, grace periods. */
export const DURATION_TYPE = 'must be an ISO-8601 duration such as P1M or P3D';
