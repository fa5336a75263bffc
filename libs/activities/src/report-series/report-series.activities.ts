/**
 * The report series' activities: opening each period of a periodic report (its task row, then
 * its task workflow). The report-series workflow proxies {@link ReportSeriesActivities} and nothing else.
 */
import type { WorkflowClient } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createReportPeriodActivities } from './report-periods';

/** Builds the report series' activities over the read model, a Temporal client and the public URL events link to. */
export function createReportSeriesActivities(dataSource: DataSource, workflows: WorkflowClient, publicUrl: string) {
  return createReportPeriodActivities(dataSource, workflows, publicUrl);
}

/** What the report-series workflow proxies (by type only). */
export type ReportSeriesActivities = ReturnType<typeof createReportSeriesActivities>;
