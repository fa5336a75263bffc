/**
 * Moves every open task due on a day that became a day off to the end of the next working day,
 * page by page: one activity reads a page, one sends its Updates a few at a time. So a change
 * touching 50,000 tasks is 500 pairs of activities, never 50,000 Updates at once, and the API
 * that started it has long answered. Continues as new every few pages to keep history short.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DondocActivities } from '@dondoc/activities';
import { CALENDAR_REPLAN_PAGE_SIZE, type CalendarReplanInput, type CalendarReplanResult } from './contract';

const { listTasksToReplan } = proxyActivities<DondocActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const { moveDeadlines } = proxyActivities<DondocActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Pages one run handles before continuing as new (each page adds a few events). */
const PAGES_PER_RUN = 100;

export async function calendarReplanWorkflow(input: CalendarReplanInput): Promise<CalendarReplanResult> {
  let cursor = input.cursor;
  let moved = input.moved ?? 0;
  let skipped = input.skipped ?? 0;
  for (let page = 0; ; page += 1) {
    if (page >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return await continueAsNew<typeof calendarReplanWorkflow>({ ...input, cursor, moved, skipped });
    }
    const tasks = await listTasksToReplan({ from: input.from, to: input.to, ...(cursor ? { after: cursor } : {}), limit: CALENDAR_REPLAN_PAGE_SIZE });
    if (tasks.length === 0) return { moved, skipped };
    const result = await moveDeadlines({ tasks, newDueAt: input.newDueAt, reason: input.reason, actor: input.actor });
    moved += result.moved;
    skipped += result.skipped;
    const last = tasks.at(-1)!;
    cursor = { dueAt: last.dueAt, taskId: last.taskId };
  }
}
