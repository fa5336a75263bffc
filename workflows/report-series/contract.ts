/**
 * Contract of the report-series workflow: one recurring assignment ("định kỳ báo cáo") of one
 * unit, which opens one unit task per period until its end date or the directive's withdrawal.
 */
import { defineQuery } from '@temporalio/workflow';
import type { Recurrence, TaskRole, TaskStatus } from '@dondoc/domain';
import type { DirectiveSettings } from '../directive/contract';

/** `series/<directiveId>/<unitId>`: deterministic, so a second start finds the first. */
export function reportSeriesWorkflowId(directiveId: string, unitId: string): string {
  return `series/${directiveId}/${unitId}`;
}

/** Inverse of {@link reportSeriesWorkflowId}; unit ids may themselves contain slashes. */
export function parseReportSeriesWorkflowId(workflowId: string): { directiveId: string; unitId: string } | undefined {
  const match = /^series\/([^/]+)\/(.+)$/.exec(workflowId);
  return match ? { directiveId: match[1]!, unitId: match[2]! } : undefined;
}

/** Periods a run opens before it continues as new, unless Temporal suggests it sooner. */
export const DEFAULT_PERIODS_PER_RUN = 12;

/** What a series starts from: its period 0 (already a task row) and how it repeats. Times are ISO strings. */
export interface ReportSeriesInput {
  directiveId: string;
  unitId: string;
  role: TaskRole;
  /** The task of period 0, written with the directive. */
  firstTaskId: string;
  /** Period 0's deadline; later deadlines are counted from it. */
  firstDueAt: string;
  recurrence: Recurrence;
  settings: DirectiveSettings;
  /** Periods a run opens before continuing as new (default {@link DEFAULT_PERIODS_PER_RUN}). */
  periodsPerRun?: number;
  /** Set only by continue-as-new: the state to carry on from. */
  carried?: ReportSeriesState;
}

/** A period task whose workflow is running; it may have been started by an earlier run. */
export interface OpenPeriod {
  period: number;
  taskId: string;
  workflowId: string;
}

/** A period task replacing a reassigned one, waiting to be started. */
export interface PendingSuccessor {
  period: number;
  taskId: string;
  unitId: string;
  role: TaskRole;
  dueAt: string;
}

/** Process state of a series, carried across continue-as-new; small whatever the series' age. */
export interface ReportSeriesState {
  /** The next period to open. */
  nextPeriod: number;
  /** Period tasks still running (usually one; more when a unit falls behind). */
  open: OpenPeriod[];
  successors: PendingSuccessor[];
  /** Task workflows started, successors included. */
  opened: number;
  closed: Partial<Record<TaskStatus, number>>;
  /** No further period opens: the directive was withdrawn. */
  stopped: boolean;
  /** Runs so far, this one included. */
  run: number;
}

/** How a series ended: tasks started, and how each ended. */
export interface ReportSeriesResult {
  opened: number;
  closed: Partial<Record<TaskStatus, number>>;
}

export const reportSeriesStateQuery = defineQuery<ReportSeriesState>('seriesState');

/** Opens one period of a periodic report: its task row, copied from period 0 with its own deadline. */
export interface OpenReportPeriodInput {
  directiveId: string;
  unitId: string;
  period: number;
  dueAt: string;
  /** Id for the new row, chosen by the workflow; a retry finds the row already there and keeps it. */
  taskId: string;
}

/** The task of the period just opened; null when the directive is withdrawn and no period may open. */
export type OpenReportPeriodResult = { taskId: string } | null;
