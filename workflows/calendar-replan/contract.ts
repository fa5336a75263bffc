/**
 * Contract of the calendar re-plan workflow: after a day becomes a day off, every open task due
 * that day moves to the end of the next working day, through its own workflow's amendDeadline
 * Update. The API starts it and answers at once; the workflow pages through the tasks.
 */

/** `calendar-replan/<date>/<revision>`: one run per calendar edit, so a retried start finds the first. */
export function calendarReplanWorkflowId(date: string, revision: number): string {
  return `calendar-replan/${date}/${revision}`;
}

/** Where the paging stands: the last task handled, in (dueAt, taskId) order. */
export interface CalendarReplanCursor {
  dueAt: string;
  taskId: string;
}

/** What a re-plan starts from. Times are ISO strings. */
export interface CalendarReplanInput {
  /** The day that became a day off (`YYYY-MM-DD`, Vietnam). */
  date: string;
  /** Tasks due in [from, to] (that day in Vietnam) and still open are moved. */
  from: string;
  to: string;
  /** The new deadline: the end of the next working day, by the calendar as edited. */
  newDueAt: string;
  /** Recorded on each task's deadline change: names the calendar change. */
  reason: string;
  /** The administrator who edited the calendar. */
  actor: string;
  /** Set by continue-as-new. */
  cursor?: CalendarReplanCursor;
  moved?: number;
  skipped?: number;
}

/** How many tasks moved, and how many were skipped (closed or already moved meanwhile). */
export interface CalendarReplanResult {
  moved: number;
  skipped: number;
}

/** Tasks read and sent per activity; each activity sends its Updates a few at a time. */
export const CALENDAR_REPLAN_PAGE_SIZE = 100;
