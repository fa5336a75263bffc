import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  CALENDAR_YEAR_RANGE,
  MS_PER_DAY,
  OPEN_STATUSES,
  WorkingCalendar,
  formatLocalDate,
  parseLocalDate,
  weekdayOf,
  type AnnouncedDay,
  type CalendarDefinition,
} from '@dondoc/domain';
import { calendarReplanWorkflowId } from '@dondoc/workflows/calendar-replan/contract';
import { auditApiChange } from '../audit/record-api-change';
import { FieldErrors, NotFoundError } from '../errors/errors';
import { API_SETTINGS, type ApiSettings } from '../settings';
import { WorkflowGateway } from '../temporal/workflow.gateway';
import type { CalendarEditView, CalendarYearView, PutCalendarDayBody } from './calendar.dto';

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * Tasks due this many days either side of an edited day may have a reminder or an escalation
 * counted across it (at most MAX_WORKING_DAYS_OFFSET working days, with the longest Tết inside).
 */
const REFRESH_WINDOW_DAYS = 100;

/**
 * A calendar as data for a workflow's input: the rules and the announced days from last year on
 * (earlier ones cannot touch a deadline still to come), a few kilobytes; with its revision.
 */
function snapshotOf(calendar: WorkingCalendar, revision: number): CalendarDefinition {
  const since = `${new Date().getUTCFullYear() - 1}-01-01`;
  return {
    statutory: calendar.definition.statutory,
    announced: calendar.definition.announced.filter((day) => day.date >= since),
    revision,
  };
}

/**
 * The working-day calendar the API computes deadlines with: the statutory rules plus the days
 * stored in PostgreSQL. Cached per process and checked against `calendar_revision` (one row) on
 * each use, so an edit made through any replica is seen by every other at its next request.
 */
@Injectable()
export class CalendarService {
  private cached: { revision: number; calendar: WorkingCalendar } | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    private readonly workflows: WorkflowGateway,
  ) {}

  /** The calendar as stored now. */
  async current(): Promise<WorkingCalendar> {
    return (await this.load()).calendar;
  }

  private async load(): Promise<{ revision: number; calendar: WorkingCalendar }> {
    const [row] = (await this.dataSource.query(
      `SELECT revision::text AS revision FROM calendar_revision WHERE id = 1`,
    )) as { revision: string }[];
    const revision = Number(row?.revision ?? 0);
    if (this.cached?.revision === revision) return this.cached;
    // Rows read after the revision: an edit in between makes the next call reload, never keeps a stale copy.
    const loaded = { revision, calendar: WorkingCalendar.of(await this.announced(this.dataSource.manager)) };
    this.cached = loaded;
    return loaded;
  }

  /** The stored calendar as data for a workflow's input. */
  async snapshot(): Promise<CalendarDefinition> {
    const { revision, calendar } = await this.load();
    return snapshotOf(calendar, revision);
  }

  /** GET /calendar/:year. */
  async year(yearText: string): Promise<CalendarYearView> {
    const year = parseYear(yearText);
    const calendar = await this.current();
    const days = calendar.entriesOf(year).map((entry) => ({
      ...entry,
      weekday: weekdayOf(parseLocalDate(entry.date)),
      workingDay: calendar.isWorkingDay(entry.date),
    }));
    let workingDays = 0;
    for (let day = parseLocalDate(`${year}-01-01`); day < parseLocalDate(`${year + 1}-01-01`); day += 1) {
      if (calendar.isWorkingDay(formatLocalDate(day))) workingDays += 1;
    }
    return { year, workingDays, days };
  }

  /** PUT /calendar/:year/days/:date: stores the announced day, then re-plans the tasks due on it if it is now a day off. */
  async put(yearText: string, dateText: string, body: PutCalendarDayBody, actor: string): Promise<CalendarEditView> {
    const date = parseDateOfYear(yearText, dateText);
    const name = body.name.trim();
    if (name === '') throw new FieldErrors([{ field: 'name', problem: 'must not be blank' }]);
    const source = body.source?.trim() || null;
    return this.edit(date, actor, async (db) => {
      await db.query(
        `INSERT INTO calendar_days (date, kind, name, source, updated_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = EXCLUDED.source, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [date, body.kind, name, source, actor],
      );
      return { date, kind: body.kind, name, source };
    });
  }

  /** DELETE /calendar/:year/days/:date: the day follows the statutory rules again. */
  async remove(yearText: string, dateText: string, actor: string): Promise<CalendarEditView> {
    const date = parseDateOfYear(yearText, dateText);
    return this.edit(date, actor, async (db) => {
      const deleted = (await db.query(`DELETE FROM calendar_days WHERE date = $1 RETURNING date`, [date])) as [
        unknown[],
        number,
      ];
      if (deleted[1] === 0) throw new NotFoundError('calendar day', date, `no announced day is stored for ${date}`);
      return null;
    });
  }

  /**
   * One edit, all or nothing: the row, the revision, the re-plan's start (before the commit, so a
   * refused start writes nothing) and the audit record (last: its lock is held until the commit).
   * A day that became a working day moves nothing: deadlines are never pulled earlier.
   */
  private async edit(
    date: string,
    actor: string,
    write: (db: EntityManager) => Promise<AnnouncedDay | null>,
  ): Promise<CalendarEditView> {
    const view = await this.dataSource.transaction(async (db) => {
      // The revision row's lock also puts concurrent edits one after the other.
      const [revised] = (await db.query(
        `UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision::text AS revision`,
      )) as [{ revision: string }[], number];
      const revision = Number(revised[0]!.revision);
      const before = (await this.announced(db)).find((day) => day.date === date) ?? null;
      const after = await write(db);
      const calendar = WorkingCalendar.of(await this.announced(db));
      // Refuses (400) an edit leaving no working day within reach, before anything is committed.
      calendar.nextWorkingDay(date);
      calendar.addWorkingDays(date, -1);
      const day = calendar.entriesOf(Number(date.slice(0, 4))).find((entry) => entry.date === date) ?? null;
      const replan = await this.startReplan(db, calendar, date, revision, actor, day?.name ?? 'weekend');
      await auditApiChange(db, {
        action: after === null ? 'calendar.day.delete' : 'calendar.day.put',
        targetType: 'calendar_day',
        targetId: date,
        before,
        after,
      });
      return { day, replan };
    });
    this.cached = undefined;
    return view;
  }

  /**
   * Counts the open tasks the edit touches and starts the workflow that re-plans them: those due
   * on `date` when it is now a day off (their deadline moves), and those counting reminders in
   * working days due within REFRESH_WINDOW_DAYS of it (their calendar is replaced).
   */
  private async startReplan(
    db: EntityManager,
    calendar: WorkingCalendar,
    date: string,
    revision: number,
    actor: string,
    why: string,
  ): Promise<CalendarEditView['replan']> {
    const now = Date.now() + 1;
    const dayStart = parseLocalDate(date) * MS_PER_DAY - VIETNAM_OFFSET_MS;
    const window = (from: number, to: number) => ({
      from: new Date(Math.max(from, now)).toISOString(),
      to: new Date(to).toISOString(),
    });
    const moveWindow = calendar.isWorkingDay(date) ? null : window(dayStart, dayStart + MS_PER_DAY - 1);
    const refreshWindow = window(
      dayStart - REFRESH_WINDOW_DAYS * MS_PER_DAY,
      dayStart + (REFRESH_WINDOW_DAYS + 1) * MS_PER_DAY - 1,
    );
    const [counts] = (await db.query(
      `SELECT count(*) FILTER (WHERE $4::timestamptz IS NOT NULL AND t.due_at BETWEEN $4 AND $5)::int AS moving,
              count(*) FILTER (WHERE t.due_at BETWEEN $2 AND $3
                AND (d.reminder_policy @? '$.before[*].workingDays' OR d.reminder_policy @? '$.escalateAfter.workingDays'))::int AS refreshing
       FROM tasks t JOIN directives d ON d.id = t.directive_id
       WHERE t.status = ANY($1) AND t.due_at BETWEEN LEAST($2::timestamptz, $4) AND GREATEST($3::timestamptz, $5)`,
      [[...OPEN_STATUSES], refreshWindow.from, refreshWindow.to, moveWindow?.from ?? null, moveWindow?.to ?? null],
    )) as { moving: number; refreshing: number }[];
    const tasks = counts?.moving ?? 0;
    const reminderTasks = counts?.refreshing ?? 0;
    if (tasks === 0 && reminderTasks === 0) return { tasks, reminderTasks, workflowId: null };
    const next = calendar.nextWorkingDay(date);
    const endOfNext = calendar.endOfDay(next);
    const newDueAt = new Date(
      this.settings.workingDayEndsAt === '17:00' ? endOfNext + 1 - VIETNAM_OFFSET_MS : endOfNext,
    ).toISOString();
    const workflowId = calendarReplanWorkflowId(date, revision);
    await this.workflows.startCalendarReplan(workflowId, {
      date,
      move: tasks > 0 && moveWindow !== null ? { ...moveWindow, newDueAt } : null,
      refresh: reminderTasks > 0 ? { ...refreshWindow, calendar: snapshotOf(calendar, revision) } : null,
      reason:
        moveWindow === null
          ? `calendar change: ${date} is now a working day (${why}); reminders counted in working days follow the calendar`
          : `calendar change: ${date} is now a day off (${why}); the deadline moves to the end of the next working day, ${next}`,
      actor,
    });
    return { tasks, reminderTasks, workflowId };
  }

  private async announced(db: EntityManager): Promise<AnnouncedDay[]> {
    return (await db.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name, source FROM calendar_days ORDER BY date`,
    )) as AnnouncedDay[];
  }
}

/** A year of the calendar's range, from the path. */
function parseYear(text: string): number {
  const year = /^\d{4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(year >= CALENDAR_YEAR_RANGE.min && year <= CALENDAR_YEAR_RANGE.max)) {
    throw new FieldErrors([
      { field: 'year', problem: `must be a year from ${CALENDAR_YEAR_RANGE.min} to ${CALENDAR_YEAR_RANGE.max}` },
    ]);
  }
  return year;
}

/** A date (`YYYY-MM-DD`) of the year in the path; every problem named at once. */
function parseDateOfYear(yearText: string, dateText: string): string {
  const problems: { field: string; problem: string }[] = [];
  let year: number | undefined;
  try {
    year = parseYear(yearText);
  } catch (error) {
    if (!(error instanceof FieldErrors)) throw error;
    problems.push(...error.errors);
  }
  let valid = true;
  try {
    parseLocalDate(dateText, 'date');
  } catch {
    valid = false;
    problems.push({ field: 'date', problem: 'must be a date written YYYY-MM-DD, such as 2027-02-05' });
  }
  if (valid && year !== undefined && !dateText.startsWith(`${year}-`))
    problems.push({ field: 'date', problem: `is not in ${year}` });
  if (problems.length > 0) throw new FieldErrors(problems);
  return dateText;
}
