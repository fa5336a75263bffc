/**
 * A periodic report of one unit: opens one unit task per period, each with its own deadline,
 * reminders and escalation (the unit-task workflow, unchanged). Period 0 opens at once; period
 * n + 1 opens when period n's deadline passes, so a unit has its next report to work on as soon
 * as the previous one falls due, whether or not it was submitted.
 *
 * Over years the series continues as new every few periods, so its history stays bounded. Its
 * period tasks therefore are not its children (a child with REQUEST_CANCEL or TERMINATE would
 * end with the run that started it, continue-as-new included; one with ABANDON would report its
 * end to a closed run): an activity starts each as a workflow of its own, which tells the series
 * by signal when it ends, and the series keeps their ids in its carried state. Withdrawal reaches
 * the series as a cancellation (from its shard): it opens no further period, asks every open
 * period task to cancel, and ends once each has recorded its cancellation.
 */
import {
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  WorkingCalendar,
  periodDeadline,
  vietnamCalendar,
  vietnamTableCalendar,
  type TaskStatus,
} from '@dondoc/domain';
import { unitTaskClosedSignal, unitTaskWorkflowId } from '../unit-task/contract';
import {
  DEFAULT_PERIODS_PER_RUN,
  reportSeriesStateQuery,
  type PendingSuccessor,
  type ReportSeriesInput,
  type ReportSeriesResult,
  type ReportSeriesState,
} from './contract';
import { reportSeriesActivities } from '../shared/activities';

const activities = reportSeriesActivities;

export async function reportSeriesWorkflow(input: ReportSeriesInput): Promise<ReportSeriesResult> {
  const state: ReportSeriesState = input.carried
    ? { ...input.carried, run: input.carried.run + 1 }
    : { nextPeriod: 0, open: [], successors: [], opened: 0, closed: {}, stopped: false, run: 1 };
  const firstDueAt = Date.parse(input.firstDueAt);
  const periodsPerRun = Math.max(1, input.periodsPerRun ?? DEFAULT_PERIODS_PER_RUN);
  const self = workflowInfo().workflowId;
  let openedThisRun = 0;

  // Series started before the statutory rules keep the table they computed their periods with;
  // later ones count on the stored calendar the API gave at issue (else the shipped one).
  const given = input.settings.calendar;
  const calendar = patched('report-series-statutory-calendar')
    ? given
      ? new WorkingCalendar(given)
      : vietnamCalendar()
    : vietnamTableCalendar();
  const deadlineOf = (period: number): number | undefined =>
    periodDeadline(firstDueAt, input.recurrence, period, calendar);
  const countClosed = (status: TaskStatus): void => {
    state.closed[status] = (state.closed[status] ?? 0) + 1;
  };

  setHandler(reportSeriesStateQuery, () => state);

  setHandler(unitTaskClosedSignal, (ended) => {
    const index = state.open.findIndex((p) => p.taskId === ended.taskId);
    if (index < 0) return; // told twice
    const [period] = state.open.splice(index, 1);
    countClosed(ended.status);
    if (ended.successor !== null && !state.stopped)
      state.successors.push({ period: period!.period, ...ended.successor });
  });

  /**
   * Starts one period task (an activity starts it as a workflow of its own, see the file's
   * comment); it is listed as open first, so its end cannot go unheard.
   */
  const startPeriodTask = async (
    period: number,
    taskId: string,
    unitId: string,
    dueAt: string,
    originalDueAt: string,
  ): Promise<void> => {
    state.open.push({ period, taskId, workflowId: unitTaskWorkflowId(input.directiveId, unitId, period) });
    try {
      // Not cancellable half-way: whether it started must be known, so that a withdrawal cancels it.
      await CancellationScope.nonCancellable(() =>
        activities.startPeriodTask({
          period,
          task: {
            taskId,
            directiveId: input.directiveId,
            unitId,
            role: input.role,
            dueAt,
            originalDueAt,
            ...input.settings,
            notifyWorkflowId: self,
          },
        }),
      );
    } catch (error) {
      state.open = state.open.filter((p) => p.taskId !== taskId);
      throw error;
    }
    state.opened += 1;
  };

  const startSuccessor = async (successor: PendingSuccessor): Promise<void> => {
    state.successors = state.successors.filter((s) => s.taskId !== successor.taskId);
    await startPeriodTask(successor.period, successor.taskId, successor.unitId, successor.dueAt, successor.dueAt);
  };

  /** Opens the next period; false when the directive was withdrawn meanwhile. */
  const openPeriod = async (period: number, dueAt: number): Promise<boolean> => {
    const due = new Date(dueAt).toISOString();
    let taskId = input.firstTaskId;
    if (period > 0) {
      const opened = await activities.openReportPeriod({
        directiveId: input.directiveId,
        unitId: input.unitId,
        period,
        dueAt: due,
        taskId: uuid4(),
      });
      if (opened === null) return false;
      taskId = opened.taskId;
    }
    await startPeriodTask(period, taskId, input.unitId, due, due);
    state.nextPeriod = period + 1;
    openedThisRun += 1;
    return true;
  };

  try {
    for (;;) {
      const successor = state.successors[0];
      if (successor !== undefined) {
        await startSuccessor(successor);
        continue;
      }
      const due = state.stopped ? undefined : deadlineOf(state.nextPeriod);
      if (due === undefined) {
        // Every period is open or done: wait for the open ones (no event is written while waiting).
        if (state.open.length === 0) break;
        await condition(() => state.open.length === 0 || state.successors.length > 0);
        continue;
      }
      if (openedThisRun >= periodsPerRun || workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        return await continueAsNew<typeof reportSeriesWorkflow>({ ...input, carried: state });
      }
      // Period n opens when period n − 1 falls due.
      const opensAt = state.nextPeriod === 0 ? Date.now() : deadlineOf(state.nextPeriod - 1)!;
      const wait = opensAt - Date.now();
      if (wait > 0 && (await condition(() => state.successors.length > 0, wait))) continue;
      if (!(await openPeriod(state.nextPeriod, due))) state.stopped = true;
    }
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // The directive was withdrawn: no further period; every open one, whichever run started it, is cancelled.
    state.stopped = true;
    state.successors = [];
    await CancellationScope.nonCancellable(async () => {
      await Promise.all(
        state.open.map((p) =>
          getExternalWorkflowHandle(p.workflowId)
            .cancel()
            .catch(() => undefined),
        ),
      );
      await condition(() => state.open.length === 0);
    });
  }
  await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  return { opened: state.opened, closed: state.closed };
}
