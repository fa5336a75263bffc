import { OPEN_STATUSES, TASK_STATUSES, type TaskStatus } from '@domain/task-state';
import type { TaskView } from '../api/types';
import { vietnamDate } from '../format/time';

/** What the inbox is narrowed to. */
export interface InboxFilters {
  /** 'open' for every open status, else one status. */
  status: 'open' | TaskStatus;
  overdueOnly: boolean;
  dueThisWeek: boolean;
}

export const DEFAULT_FILTERS: InboxFilters = { status: 'open', overdueOnly: false, dueThisWeek: false };

/** The statuses a filter value asks the API for. */
export function statusesOf(filter: InboxFilters['status']): readonly TaskStatus[] {
  return filter === 'open' ? OPEN_STATUSES : [filter];
}

/** Every value of the status filter, open first. */
export const STATUS_CHOICES: readonly InboxFilters['status'][] = ['open', ...TASK_STATUSES];

/** The last day (Sunday, Vietnam time) of the week that holds `now`, `yyyy-MM-dd`. */
export function endOfWeek(now = new Date()): string {
  const today = new Date(`${vietnamDate(now)}T00:00:00Z`);
  const daysToSunday = (7 - today.getUTCDay()) % 7;
  return new Date(today.getTime() + daysToSunday * 86_400_000).toISOString().slice(0, 10);
}

/** "Due this week" is a view over what the API listed (it filters by status and overdue itself). */
export function keepDueThisWeek(tasks: readonly TaskView[], now = new Date()): TaskView[] {
  const last = endOfWeek(now);
  return tasks.filter((task) => vietnamDate(task.dueAt) <= last);
}
