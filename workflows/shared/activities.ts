/** Activities as the directive, shard and report-series workflows call them, with their timeouts and retries. */
import { proxyActivities } from '@temporalio/workflow';
import type { DondocActivities } from '@dondoc/activities';

/** Short database writes and reads. */
export const directiveActivities = proxyActivities<DondocActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The cascade waits on children's Updates, each answering once its own tasks are cancelled. */
export const { withdrawImplementingDirectives } = proxyActivities<DondocActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
