/** Activities as the directive, shard and report-series workflows call them, with their timeouts and retries. */
import { proxyActivities } from '@temporalio/workflow';
import type { DondocActivities } from '@dondoc/activities';

/**
 * How long a background step (no person waits on it) keeps retrying a failure that may pass:
 * longer than any outage an operator would still be fixing, so one does not end a directive,
 * yet not for ever. Data the database refuses fails at once (the activities mark it
 * non-retryable), so no input can keep a step retrying this long.
 */
const BACKGROUND_RETRY_WINDOW = '7 days';

/** Short database writes and reads. */
export const directiveActivities = proxyActivities<DondocActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: BACKGROUND_RETRY_WINDOW,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The cascade waits on children's Updates, each answering once its own tasks are cancelled. */
export const { withdrawImplementingDirectives } = proxyActivities<DondocActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  scheduleToCloseTimeout: BACKGROUND_RETRY_WINDOW,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
