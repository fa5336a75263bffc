/**
 * Activities: every piece of I/O the workflows need, one module per workflow they serve. Each is
 * idempotent, so Temporal may retry any of them at any point without writing twice. The worker
 * registers them all by name; each workflow proxies only its own module's type.
 */
import type { WorkflowClient } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createCalendarReplanActivities } from './calendar-replan/calendar-replan.activities';
import { createDirectiveActivities } from './directive/directive.activities';
import { createReportSeriesActivities } from './report-series/report-series.activities';
import { createUnitTaskActivities } from './unit-task/unit-task.activities';

/** What the activities reach besides PostgreSQL: Temporal, to withdraw implementing directives; and the public URL events link to. */
export interface ActivityDependencies {
  workflows: WorkflowClient;
  /** `DONDOC_PUBLIC_URL` (the worker's settings): the base of each event's link for people. */
  publicUrl: string;
}

/** Builds the activities over a connected data source and client (the composition root injects them). */
export function createActivities(dataSource: DataSource, deps: ActivityDependencies) {
  return {
    ...createUnitTaskActivities(dataSource, { publicUrl: deps.publicUrl }),
    ...createDirectiveActivities(dataSource, deps.workflows, deps.publicUrl),
    ...createReportSeriesActivities(dataSource, deps.workflows, deps.publicUrl),
    ...createCalendarReplanActivities(dataSource, deps.workflows),
  };
}

/** Every activity the worker registers (what the workflow tests' fake implements). */
export type DondocActivities = ReturnType<typeof createActivities>;
