import { vietnamCalendar } from '@domain/calendar';
import { vietnamDate } from './time';

/** Days looked at, at most, either way: a year of terms is more than any task has. */
const HORIZON_DAYS = 400;
const DAY_MS = 86_400_000;

/**
 * Counts already made today, by deadline date: a list's tasks share a few dozen deadline dates, and
 * a count walks the calendar day by day (bench/console: a page of 100 rows walked it 100 times).
 * Emptied when the date changes, so it holds only the deadline dates seen today.
 */
const countedToday = new Map<string, number>();
let countedOn = '';

/**
 * Working days from today to a deadline, by the shipped Vietnamese calendar (weekends, Tết and the
 * other holidays, the swapped days): positive while time is left (the deadline's own day counts
 * when it is a working day), 0 on the day itself, negative for the working days past it.
 */
export function workingDaysLeft(dueAt: string, now = new Date()): number {
  const today = vietnamDate(now);
  const due = vietnamDate(dueAt);
  if (due === today) return 0;
  if (today !== countedOn) {
    countedOn = today;
    countedToday.clear();
  }
  let count = countedToday.get(due);
  if (count === undefined) {
    count = countWorkingDays(today, due);
    countedToday.set(due, count);
  }
  return count;
}

function countWorkingDays(today: string, due: string): number {
  const calendar = vietnamCalendar();
  const forward = due > today;
  let count = 0;
  let cursor = new Date(`${today}T00:00:00Z`).getTime();
  for (let step = 0; step < HORIZON_DAYS; step += 1) {
    cursor += forward ? DAY_MS : -DAY_MS;
    const day = new Date(cursor).toISOString().slice(0, 10);
    if (calendar.isWorkingDay(day)) count += 1;
    if (day === due) break;
  }
  return forward ? count : -count;
}
