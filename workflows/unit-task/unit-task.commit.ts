/**
 * How a unit task's change is written and taken: written by the `recordTaskChange` activity
 * first, taken into the workflow's state only once written, so a change the read model cannot
 * take leaves the task as it was (docs/workflows.md). Runs begun before that rule (no
 * `commit-task-change-after-write` marker) take it first and write after, retrying without end.
 */
import { CancellationScope, log, proxyActivities, proxyLocalActivities, upsertMemo } from '@temporalio/workflow';
import type { UnitTaskActivities } from '@dondoc/activities';
import {
  dataRejectedFailure,
  notRecordedFailure,
  unstorableTextField,
  writeFailureOf,
  type WriteFailure,
} from '../shared/failures';
import type { TaskChange } from './task-change';
import type { PreparedChange, UnitTask } from './unit-task';

/**
 * Bounded: about a minute of retries (1 + 2 + 4 + 8 + 10 + 10 + 10 s between eight attempts)
 * rides out a database restart; past that an Update fails with NOT_RECORDED (the caller retries)
 * and a timer-driven change waits and tries again later (see the workflow's main loop).
 */
const BOUNDED = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 8 },
} as const;

const boundedActivities = proxyActivities<UnitTaskActivities>(BOUNDED);

/**
 * The same activities run by the worker that runs the workflow, inside its workflow task: a
 * reminder due at one instant for thousands of tasks, or a withdrawal cancelling them all, then
 * costs each task one workflow task instead of two or three plus an activity task on the
 * server's queues (issue 15). Same retries; a failure reaches the workflow the same way.
 */
const boundedLocalActivities = proxyLocalActivities<UnitTaskActivities>({
  ...BOUNDED,
  // Each wait between attempts is a durable timer, not a sleep in the worker: it survives the
  // worker's restart, and no workflow task stays open for the minute the retries may take.
  localRetryThreshold: '500 milliseconds',
});

/**
 * The retries of runs begun before commit-after-write: without end. Such a run applies a change
 * before writing it and has no way back, so a write that gave up would leave its state ahead of
 * the read model, and a timer's failed write would fail the run.
 */
const legacyActivities = proxyActivities<UnitTaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The activities as a run calls them: bounded retries if it commits after the write, else the old ones. */
export function unitTaskActivities(commitAfterWrite: boolean): typeof boundedActivities {
  return commitAfterWrite ? boundedActivities : legacyActivities;
}

/**
 * The activities of the changes no person waits on (timers, a withdrawal's cancellation): local
 * when the run has the `scheduled-writes-as-local-activities` marker, else the run's usual ones.
 */
export function scheduledWriteActivities(commitAfterWrite: boolean, localWrites: boolean): typeof boundedActivities {
  return commitAfterWrite && localWrites ? boundedLocalActivities : unitTaskActivities(commitAfterWrite);
}

/** Writes a prepared change and then takes it; `args` are the Update's, to name a field the database refused. */
export type Commit = (change: PreparedChange, args?: object) => Promise<void>;

/**
 * The commit step of one run. A refusal of the data fails with DATA_REJECTED (400 or 409), naming
 * the field of `args` to blame; anything else (retries exhausted) is recorded for the operator and
 * fails with NOT_RECORDED (503).
 */
export function committer(
  task: UnitTask,
  activities: Pick<UnitTaskActivities, 'recordTaskChange'>,
  commitAfterWrite: boolean,
): Commit {
  /** Never cancelled half-way, so a withdrawal cannot lose an accepted action. */
  const write = (record: TaskChange): Promise<void> =>
    CancellationScope.nonCancellable(() => activities.recordTaskChange(record));

  /**
   * Tells the operator that a change was not recorded: the worker's log names the task, and an
   * infrastructure failure also stays on the workflow's memo (shown by `temporal workflow
   * describe` and the Web UI), written by Temporal itself, so it is kept while the database that
   * failed the write is still down.
   */
  const reportUnwritten = (record: TaskChange, failure: WriteFailure): void => {
    const facts = {
      taskId: record.taskId,
      sequence: record.sequence,
      action: record.action,
      reason: failure.kind,
      message: failure.message,
    };
    if (failure.kind === 'rejected') {
      log.warn('task change refused by the read model; the task keeps its state', {
        ...facts,
        sqlState: failure.sqlState,
      });
      return;
    }
    log.error('task change not recorded after its retries; the task keeps its last committed state', facts);
    upsertMemo({ lastUnrecordedChange: { ...facts, at: new Date(Date.now()).toISOString() } });
  };

  return async ({ next, record }, args = {}) => {
    if (!commitAfterWrite) {
      task.take(next);
      await write(record);
      return;
    }
    try {
      await write(record);
    } catch (error) {
      const failure = writeFailureOf(error);
      if (failure === undefined) throw error;
      // Refused data wrote nothing in any attempt, so its sequence is used again. Retries that ran
      // out leave it in doubt: an attempt may have committed and lost its answer. The number is
      // then given up, so the next change cannot land on that event row and be dropped as a repeat.
      if (failure.kind === 'unrecorded') task.skipSequence(record.sequence);
      reportUnwritten(record, failure);
      throw failure.kind === 'rejected'
        ? dataRejectedFailure(failure, unstorableTextField(args))
        : notRecordedFailure(failure.message);
    }
    task.take(next);
  };
}
