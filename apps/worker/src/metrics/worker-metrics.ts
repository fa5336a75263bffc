import { CancelledFailure, ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds: a projection's transaction takes milliseconds, an import or a cascade withdrawal minutes. */
const ACTIVITY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120];

/** How one activity attempt ended: the retryable failures are the ones Temporal tries again. */
export type ActivityOutcome = 'completed' | 'retryable_failure' | 'non_retryable_failure' | 'cancelled';

/** The worker's own Prometheus series (the SDK's poller and slot metrics are served beside them). */
export class WorkerMetrics {
  readonly registry = new Registry();

  /** Activity attempts by activity type and outcome, with their duration. */
  readonly activityDuration = new Histogram({
    name: 'dondoc_activity_duration_seconds',
    help: 'Activity attempts run by this worker, by activity type and outcome',
    labelNames: ['activity', 'outcome'] as const,
    buckets: ACTIVITY_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'dondoc_worker_' });
  }

  /** An interceptor for the worker's options that times every activity attempt and records its outcome. */
  activityInterceptor(): ActivityInterceptorsFactory {
    return (context) => ({
      inbound: {
        execute: async (input, next) => {
          const stop = this.activityDuration.startTimer({ activity: context.info.activityType });
          try {
            const result = await next(input);
            stop({ outcome: 'completed' });
            return result;
          } catch (error) {
            stop({ outcome: outcomeOf(error) });
            throw error;
          }
        },
      },
    });
  }
}

/** A cancellation, a failure marked non-retryable (a user error), or one Temporal will retry. */
export function outcomeOf(error: unknown): Exclude<ActivityOutcome, 'completed'> {
  if (error instanceof CancelledFailure) return 'cancelled';
  if (error instanceof ApplicationFailure && error.nonRetryable) return 'non_retryable_failure';
  return 'retryable_failure';
}
