/**
 * Re-plans the open tasks a calendar edit touches, page by page: one activity reads a page, one
 * sends its Updates a few at a time. So an edit touching 50,000 tasks is 500 pairs of activities,
 * never 50,000 Updates at once, and the API that started it has long answered. First the
 * deadlines due on a new day off move; then the tasks counting reminders in working days get the
 * new calendar. Continues as new every few pages to keep history short.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CalendarReplanActivities } from '@dondoc/activities';
import {
  CALENDAR_REPLAN_PAGE_SIZE,
  type CalendarReplanCursor,
  type CalendarReplanInput,
  type CalendarReplanResult,
} from './contract';

const { listTasksToReplan } = proxyActivities<CalendarReplanActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const { moveDeadlines, replaceTaskCalendars } = proxyActivities<CalendarReplanActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Pages one run handles before continuing as new (each page adds a few events). */
const PAGES_PER_RUN = 100;

export async function calendarReplanWorkflow(input: CalendarReplanInput): Promise<CalendarReplanResult> {
  const result: CalendarReplanResult = { moved: 0, refreshed: 0, skipped: 0, ...input.result };
  let phase = input.phase ?? (input.move ? 'move' : 'refresh');
  let cursor: CalendarReplanCursor | undefined = input.cursor;
  for (let page = 0; ; page += 1) {
    const window = phase === 'move' ? input.move : input.refresh;
    if (window === null) {
      if (phase === 'refresh') return result;
      [phase, cursor] = ['refresh', undefined];
      continue;
    }
    if (page >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return await continueAsNew<typeof calendarReplanWorkflow>({
        ...input,
        phase,
        ...(cursor ? { cursor } : {}),
        result,
      });
    }
    const tasks = await listTasksToReplan({
      from: window.from,
      to: window.to,
      workingDayPoliciesOnly: phase === 'refresh',
      ...(cursor ? { after: cursor } : {}),
      limit: CALENDAR_REPLAN_PAGE_SIZE,
    });
    if (tasks.length === 0) {
      if (phase === 'refresh') return result;
      [phase, cursor] = ['refresh', undefined];
      continue;
    }
    if (phase === 'move') {
      const moved = await moveDeadlines({
        tasks,
        newDueAt: input.move!.newDueAt,
        reason: input.reason,
        actor: input.actor,
      });
      result.moved += moved.moved;
      result.skipped += moved.skipped;
    } else {
      const refreshed = await replaceTaskCalendars({ tasks, calendar: input.refresh!.calendar, reason: input.reason });
      result.refreshed += refreshed.refreshed;
      result.skipped += refreshed.skipped;
    }
    const last = tasks.at(-1)!;
    cursor = { dueAt: last.dueAt, taskId: last.taskId };
  }
}
