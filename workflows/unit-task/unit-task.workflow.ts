/**
 * One unit's part of a directive, from assignment to its end: the wiring of a {@link UnitTask}
 * (the decisions, `unit-task.ts`) to Temporal. Updates carry the people's actions, the timer loop
 * fires what the schedule says (`unit-task.schedule.ts`), and each change is written before it is
 * taken, one at a time (`unit-task.commit.ts`, docs/workflows.md). A withdrawal ends the task as
 * cancelled.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  setHandler,
  sleep,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { isOpen, type DueEvent, type ScheduledEvent } from '@dondoc/domain';
import { retryLaterMs, serialQueue } from '../shared/serial';
import { UnitTask, type PreparedChange } from './unit-task';
import { nextStep } from './unit-task.schedule';
import { committer, scheduledWriteActivities, unitTaskActivities } from './unit-task.commit';
import * as contract from './contract';
import type { UnitTaskInput, UnitTaskResult, UnitTaskView } from './contract';

/** The unit-task workflow: started by its directive's shard (or a report series) with {@link UnitTaskInput}. */
export async function unitTaskWorkflow(input: UnitTaskInput): Promise<UnitTaskResult> {
  // Read once per run, in this order: a run that began before these changes keeps the old commands to its end.
  /** A change is taken into the state once written (the old runs took it first), one at a time. */
  const commitAfterWrite = patched('commit-task-change-after-write');
  /** A task started or resumed past its instants sends the latest missed one of each kind, late. */
  const catchUp = patched('catch-up-missed-reminder');
  /** Changes no person waits on (timers, the withdrawal's cancellation) are written by local activities. */
  const localWrites = patched('scheduled-writes-as-local-activities');
  const activities = unitTaskActivities(commitAfterWrite);
  const scheduledActivities = scheduledWriteActivities(commitAfterWrite, localWrites);
  const task = new UnitTask(input, Date.now(), catchUp);
  const commit = committer(task, activities, commitAfterWrite);
  const commitScheduled = committer(task, scheduledActivities, commitAfterWrite);
  /** Changes are prepared and written one after another, each from the state the last one left. */
  const inTurn = commitAfterWrite ? serialQueue() : <T>(fn: () => Promise<T>) => fn();

  /**
   * A person's action: its validator prepares it on the state as it arrives (before history);
   * in turn it is prepared again on the state the changes before it left, written, then taken.
   */
  const onUpdate = <A extends object>(
    update: UpdateDefinition<UnitTaskView, [A]>,
    prepare: (args: A, now: number) => PreparedChange,
  ): void =>
    setHandler(
      update,
      (args) =>
        inTurn(async () => {
          await commit(prepare(args, Date.now()), args);
          return task.view();
        }),
      { validator: (args) => void prepare(args, Date.now()) },
    );
  onUpdate(contract.acknowledgeUpdate, (args, now) => task.acknowledge(args, now));
  onUpdate(contract.reportProgressUpdate, (args, now) => task.reportProgress(args, now));
  onUpdate(contract.submitUpdate, (args, now) => task.submit(args, now));
  onUpdate(contract.acceptUpdate, (args, now) => task.accept(args, now));
  onUpdate(contract.returnUpdate, (args, now) => task.returnReport(args, now));
  onUpdate(contract.requestExtensionUpdate, (args, now) => task.requestExtension(args, now));
  onUpdate(contract.decideExtensionUpdate, (args, now) => task.decideExtension(args, now));
  onUpdate(contract.resolveEscalationUpdate, (args, now) => task.resolveEscalation(args, now));
  onUpdate(contract.amendDeadlineUpdate, (args, now) => task.amendDeadline(args, now));
  // Who handles the task (issue 13). No patch: these handlers issue commands only for an Update
  // that names them, which no history recorded before them holds (docs/workflow-changes.md).
  onUpdate(contract.claimUpdate, (args, now) => task.claim(args, now));
  onUpdate(contract.assignUpdate, (args, now) => task.assign(args, now));
  onUpdate(contract.handBackUpdate, (args, now) => task.handBack(args, now));
  setHandler(contract.replaceCalendarUpdate, ({ calendar }) => {
    task.replaceCalendar(calendar);
    return task.view();
  });
  setHandler(contract.taskStateQuery, () => task.view());

  /** Fires a scheduled event; an escalation first reads its chain of bodies from the read model. */
  const fire = async (event: ScheduledEvent | DueEvent): Promise<void> => {
    const chain =
      event.kind === 'escalation'
        ? await activities.loadEscalationChain({
            directiveId: input.directiveId,
            coordinatingUnitId: input.coordinatingUnitId,
          })
        : [];
    await inTurn(async () => await commitScheduled(task.fire(event, Date.now(), chain, uuid4)));
  };
  const climb = (): Promise<void> => inTurn(async () => await commitScheduled(task.climb(Date.now())));

  /** Consecutive timer-driven changes that could not be written; each waits longer before the next try. */
  let unwrittenInARow = 0;
  try {
    while (isOpen(task.state.status)) {
      if (workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        return await continueAsNew<typeof unitTaskWorkflow>(task.continuedInput());
      }
      const seen = task.planRevision;
      const replanned = () => task.planRevision !== seen || !isOpen(task.state.status);
      try {
        const step = nextStep(
          task.state,
          { policy: input.reminderPolicy, calendar: task.calendar, catchUp },
          Date.now(),
        );
        if (step.kind === 'idle') {
          await condition(replanned);
          continue;
        }
        const wait = step.at - Date.now();
        if (wait > 0 && (await condition(replanned, wait))) continue;
        if (step.kind === 'climb') await climb();
        else if (step.kind === 'recheck') continue;
        else await fire(step.event);
        unwrittenInARow = 0;
      } catch (error) {
        // A bug is left to fail the workflow task, as Temporal expects; only failed I/O is waited out.
        if (
          !commitAfterWrite ||
          isCancellation(error) ||
          !(error instanceof ApplicationFailure || error instanceof ActivityFailure)
        )
          throw error;
        // A write that failed is already logged (and on the memo); a read (the escalation chain) is logged here.
        if (error instanceof ActivityFailure)
          log.error('scheduled change could not be prepared; tried again later', {
            taskId: input.taskId,
            message: error.cause?.message ?? error.message,
          });
        // Nothing was taken: the cursor has not moved, so the same event is tried again once the
        // wait is over, or at once when a person's change re-plans.
        unwrittenInARow += 1;
        await condition(replanned, retryLaterMs(unwrittenInARow));
      }
    }
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // The directive was withdrawn: the task ends as cancelled, naming who withdrew it and why.
    await CancellationScope.nonCancellable(async () => {
      await condition(allHandlersFinished);
      for (let attempt = 1; isOpen(task.state.status); attempt += 1) {
        try {
          await recordCancellation();
        } catch (failure) {
          // Nobody waits for this answer: the task stays open until the withdrawal is written.
          if (!commitAfterWrite || !(failure instanceof ApplicationFailure || failure instanceof ActivityFailure))
            throw failure;
          await sleep(retryLaterMs(attempt));
        }
      }
    });
  }

  /** Writes the withdrawal's end of the task (runs from before commit-after-write: taken first, written as it was). */
  async function recordCancellation(): Promise<void> {
    const withdrawal = await scheduledActivities.describeWithdrawal({ directiveId: input.directiveId });
    const cancelled = task.cancel(withdrawal, Date.now());
    if (commitAfterWrite) return await commitScheduled(cancelled);
    task.take(cancelled.next);
    await activities.recordTaskChange(cancelled.record);
  }

  // After a withdrawal the root scope is cancelled: wait for handlers outside it.
  await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  const result = task.result();
  const notify = input.notifyWorkflowId;
  if (notify !== undefined) {
    // A series that has ended needs no news; nothing else can make this signal fail for good.
    await CancellationScope.nonCancellable(() =>
      getExternalWorkflowHandle(notify).signal(contract.unitTaskClosedSignal, result),
    ).catch(() => undefined);
  }
  return result;
}
