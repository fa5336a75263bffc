/**
 * Contract of the calendar re-plan workflow. After a calendar edit, first every open task due on
 * a day that became a day off moves to the end of the next working day, through its workflow's
 * amendDeadline Update; then every open task whose reminders count working days near that day
 * gets the new calendar (replaceCalendar Update). The API starts it and answers at once; the
 * workflow pages through the tasks.
 */
import type { CalendarDefinition } from '@dondoc/domain';

/** `calendar-replan/<date>/<revision>`: one run per calendar edit, so a retried start finds the first. */
export function calendarReplanWorkflowId(date: string, revision: number): string {
  return `calendar-replan/${date}/${revision}`;
}

/** Where the paging stands: the last task handled, in (dueAt, taskId) order. */
export interface CalendarReplanCursor {
  dueAt: string;
  taskId: string;
}

/** Open tasks due in [from, to] (the day off, in Vietnam) move to `newDueAt`, the end of the next working day. */
export interface DeadlineMove {
  from: string;
  to: string;
  newDueAt: string;
}

/** Open tasks due in [from, to] whose policy counts working days are given `calendar`. */
export interface CalendarRefresh {
  from: string;
  to: string;
  calendar: CalendarDefinition;
}

/** What a re-plan starts from. Times are ISO strings. */
export interface CalendarReplanInput {
  /** The day edited (`YYYY-MM-DD`, Vietnam). */
  date: string;
  /** Absent when the day is now a working day: deadlines are never pulled earlier. */
  move: DeadlineMove | null;
  refresh: CalendarRefresh | null;
  /** Recorded on each task's deadline change: names the calendar change. */
  reason: string;
  /** The administrator who edited the calendar. */
  actor: string;
  /** Set by continue-as-new: the phase under way, where it stands, and what was done so far. */
  phase?: 'move' | 'refresh';
  cursor?: CalendarReplanCursor;
  result?: CalendarReplanResult;
}

/** Tasks moved, given the new calendar, and skipped (closed or already moved meanwhile). */
export interface CalendarReplanResult {
  moved: number;
  refreshed: number;
  skipped: number;
}

/** Tasks read and sent per activity; each activity sends its Updates a few at a time. */
export const CALENDAR_REPLAN_PAGE_SIZE = 100;
