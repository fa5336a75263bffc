/**
 * The baseline's contract, shared by the bare workflow and the benchmark that drives it: the
 * same Update a progress report is (name, argument shape, a validator), answered by a workflow
 * whose projection does nothing.
 */
import { defineSignal, defineUpdate } from '@temporalio/workflow';

/** Task queue of the benchmark's own worker, so the bare workflows never reach Dondoc's. */
export const BARE_QUEUE = 'bench-actions-bare';

/** What a progress report carries (as Dondoc's `reportProgress` Update, without the caller's details). */
export interface BareProgress {
  actor: string;
  percent: number;
  note?: string;
}

/** The Update's answer: what the workflow now holds, as Dondoc answers with its task's view. */
export interface BareView {
  percent: number;
  sequence: number;
}

/** The same name as Dondoc's Update, so the two runs differ only in what the handler does. */
export const bareProgressUpdate = defineUpdate<BareView, [BareProgress]>('reportProgress');

/** Ends a bare workflow once the run is over. */
export const bareFinishSignal = defineSignal('finish');

/** Workflow id of the n-th bare task of a run. */
export function bareTaskWorkflowId(runId: string, n: number): string {
  return `bench-actions/${runId}/task/${n}`;
}
