/**
 * Activities as the directive, shard, closed-withdrawal and report-series workflows call them,
 * with their timeouts and retries; each proxies only its own activity module's type.
 */
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { DirectiveActivities, ReportSeriesActivities } from '@dondoc/activities';

/**
 * How long a background step (no person waits on it) keeps retrying a failure that may pass:
 * longer than any outage an operator would still be fixing, so one does not end a directive,
 * yet not for ever. Data the database refuses fails at once (the activities mark it
 * non-retryable), so no input can keep a step retrying this long.
 */
const BACKGROUND_RETRY_WINDOW = '7 days';

/** Short database writes and reads, retried for as long as a background step may be. */
const SHORT_BACKGROUND_STEP: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: BACKGROUND_RETRY_WINDOW,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/** The directive's short database writes and reads (fan-out activation, withdrawal records). */
export const directiveActivities = proxyActivities<DirectiveActivities>(SHORT_BACKGROUND_STEP);

/** The report series' period openings. */
export const reportSeriesActivities = proxyActivities<ReportSeriesActivities>(SHORT_BACKGROUND_STEP);

/** The cascade waits on children's Updates, each answering once its own tasks are cancelled. */
export const { withdrawImplementingDirectives } = proxyActivities<DirectiveActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  scheduleToCloseTimeout: BACKGROUND_RETRY_WINDOW,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
