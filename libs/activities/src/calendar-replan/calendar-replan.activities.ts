/**
 * The calendar re-plan's activities: pages of open tasks due in a window, and the Updates that
 * move their deadlines or give them the edited calendar. The calendar-replan workflow proxies
 * {@link CalendarReplanActivities} and nothing else.
 */
import type { WorkflowClient } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createReplanTaskActivities } from './replan-tasks';

/** Builds the re-plan's activities over the read model and a Temporal client. */
export function createCalendarReplanActivities(dataSource: DataSource, workflows: WorkflowClient) {
  return createReplanTaskActivities(dataSource, workflows);
}

/** What the calendar-replan workflow proxies (by type only). */
export type CalendarReplanActivities = ReturnType<typeof createCalendarReplanActivities>;
