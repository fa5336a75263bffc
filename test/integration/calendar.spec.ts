/**
 * The working-day calendar on a real stack: the computed holidays of a year no table lists
 * (Tết 2027), announced days an administrator stores (audited; 403 for everyone else; 400 naming
 * the field for bad input), an open task whose deadline falls on a new day off moved to the next
 * working day through its workflow, and assignments due in N working days.
 */
import { Client, Connection } from '@temporalio/client';
import {
  asAdmin,
  asClerk,
  asOfficer,
  asSupervisor,
  eventsOf,
  expectError,
  expectStatus,
  fieldsOf,
  getTask,
  tasksOf,
  waitUntilAllActive,
} from './support/api';
import { DAY, aDirective, anOrg, type Org } from './support/builders';
import { pollUntil } from './support/stack';
import { useStack } from './support/use-stack';

interface CalendarDayView {
  date: string;
  kind: 'day_off' | 'working_day';
  name: string;
  source: string | null;
  computed: boolean;
  weekday: number;
  workingDay: boolean;
}
interface CalendarYearView {
  year: number;
  workingDays: number;
  days: CalendarDayView[];
}
interface CalendarEditView {
  day: CalendarDayView | null;
  replan: { tasks: number; reminderTasks: number; workflowId: string | null };
}

const stack = useStack();
let org: Org;
const admin = asAdmin();

beforeAll(async () => {
  org = await anOrg().create(stack);
}, 120_000);

async function yearOf(year: number): Promise<CalendarYearView> {
  return expectStatus(
    await stack.http.get<CalendarYearView>(`/calendar/${year}`, asOfficer(org.recipients[0]!)),
    200,
    `GET /calendar/${year}`,
  );
}

/** The Vietnamese date of an instant, by plain arithmetic (UTC+7, no daylight saving). */
const vnDate = (ms: number): string => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const plusDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** Whether a date is worked, read from the API's list of exceptions and the Monday–Friday week. */
async function isWorked(date: string): Promise<boolean> {
  const listed = (await yearOf(Number(date.slice(0, 4)))).days.find((d) => d.date === date);
  return listed ? listed.workingDay : weekday(date) >= 1 && weekday(date) <= 5;
}

/** A Monday–Thursday at least `from` days ahead that is worked, as is the day after (so "next working day" is that day). */
async function plainWeekdayAhead(from: number): Promise<string> {
  for (let date = plusDays(vnDate(Date.now()), from); ; date = plusDays(date, 1)) {
    if (weekday(date) >= 1 && weekday(date) <= 4 && (await isWorked(date)) && (await isWorked(plusDays(date, 1))))
      return date;
  }
}

describe('the working-day calendar', () => {
  it('shows Tết 2027 computed from the lunar calendar, with its compensatory days, to every role', async () => {
    const year = await yearOf(2027);
    const tet = year.days.find((d) => d.date === '2027-02-06');
    expect(tet).toMatchObject({
      kind: 'day_off',
      name: 'Tết Nguyên đán',
      computed: true,
      source: 'Bộ luật Lao động 2019, Điều 112 khoản 1',
      workingDay: false,
    });
    expect(year.days.filter((d) => d.name === 'Tết Nguyên đán').map((d) => d.date)).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
    ]);
    expect(year.days.find((d) => d.date === '2027-02-10')).toMatchObject({
      computed: true,
      name: 'Nghỉ bù Tết Nguyên đán',
    });
    expect(year.days.find((d) => d.date === '2027-04-16')).toMatchObject({
      name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
      computed: true,
    });
    const asSupervisorToo = await stack.http.get<CalendarYearView>('/calendar/2027', asSupervisor(org.coordinator));
    expect(asSupervisorToo.status).toBe(200);
  });

  it('seeds the announced 2026 schedule, with its source, over the rules', async () => {
    const year = await yearOf(2026);
    expect(year.days.find((d) => d.date === '2026-01-10')).toMatchObject({
      kind: 'working_day',
      computed: false,
      source: 'Công văn 12729/VPCP-KGVX; Quyết định của Thủ tướng Chính phủ tháng 10/2025',
      workingDay: true,
    });
    expect(year.days.find((d) => d.date === '2026-01-02')).toMatchObject({
      kind: 'day_off',
      computed: false,
      workingDay: false,
    });
    expect(year.workingDays).toBe(250);
  });

  it('lets an administrator announce a day off and take it back, each change in the audit trail', async () => {
    const put = await stack.http.put<CalendarEditView>(
      '/calendar/2031/days/2031-03-12',
      { kind: 'day_off', name: 'Nghỉ lễ thử', source: 'Công văn 1/TB-TEST' },
      admin,
    );
    expect(expectStatus(put, 200).day).toMatchObject({
      date: '2031-03-12',
      kind: 'day_off',
      name: 'Nghỉ lễ thử',
      source: 'Công văn 1/TB-TEST',
      computed: false,
    });
    expect((await yearOf(2031)).days.find((d) => d.date === '2031-03-12')).toMatchObject({
      workingDay: false,
      source: 'Công văn 1/TB-TEST',
    });

    expectStatus(await stack.http.delete<CalendarEditView>('/calendar/2031/days/2031-03-12', admin), 200);
    expect((await yearOf(2031)).days.find((d) => d.date === '2031-03-12')).toBeUndefined();
    expectError(await stack.http.delete('/calendar/2031/days/2031-03-12', admin), 404);

    const audit = expectStatus(
      await stack.http.get<{ items: { action: string; actor: string; before: unknown; after: unknown }[] }>(
        '/audit?targetType=calendar_day&targetId=2031-03-12',
        admin,
      ),
      200,
    );
    expect(audit.items.map((r) => r.action).sort()).toEqual(['calendar.day.delete', 'calendar.day.put']);
    expect(audit.items.find((r) => r.action === 'calendar.day.put')).toMatchObject({
      actor: 'quan.tri',
      before: null,
      after: { date: '2031-03-12', kind: 'day_off', name: 'Nghỉ lễ thử' },
    });
  });

  it('refuses calendar edits to everyone but an administrator (403)', async () => {
    const body = { kind: 'day_off', name: 'Nghỉ', source: 'x' };
    for (const who of [asClerk(org.issuer), asOfficer(org.recipients[0]!), asSupervisor(org.coordinator)]) {
      expect((await stack.http.put('/calendar/2031/days/2031-03-13', body, who)).status).toBe(403);
      expect((await stack.http.delete('/calendar/2031/days/2031-03-13', who)).status).toBe(403);
    }
    expect((await yearOf(2031)).days.find((d) => d.date === '2031-03-13')).toBeUndefined();
  });

  it.each<[string, string, unknown, string]>([
    ['a year that is not a number', '/calendar/abcd', undefined, 'year'],
    ['a year before 1990', '/calendar/1989', undefined, 'year'],
    ['a year after 2100', '/calendar/2101/days/2101-01-02', { kind: 'day_off', name: 'x' }, 'year'],
    ['a date that is not a date', '/calendar/2031/days/2031-02-30', { kind: 'day_off', name: 'x' }, 'date'],
    ['a date outside the year', '/calendar/2031/days/2032-01-05', { kind: 'day_off', name: 'x' }, 'date'],
    ['an unknown kind', '/calendar/2031/days/2031-03-14', { kind: 'holiday', name: 'x' }, 'kind'],
    ['a missing name', '/calendar/2031/days/2031-03-14', { kind: 'day_off' }, 'name'],
    ['a blank name', '/calendar/2031/days/2031-03-14', { kind: 'day_off', name: '   ' }, 'name'],
  ])('answers 400 naming the field for %s', async (_what, path, body, field) => {
    const response = body === undefined ? await stack.http.get(path, admin) : await stack.http.put(path, body, admin);
    expect(fieldsOf(expectError(response, 400))).toContain(field);
  });

  it('moves an open task due on a new day off to the end of the next working day, through its workflow, keeping the original deadline', async () => {
    const day = await plainWeekdayAhead(10);
    const next = plusDays(day, 1);
    const directive = await aDirective(org).dueAt(day).issue(stack);
    const clerk = asClerk(org.issuer);
    await waitUntilAllActive(stack, directive.id, undefined, clerk);
    const [task] = await tasksOf(stack, directive.id, clerk);
    const due = Date.parse(`${day}T23:59:59.999+07:00`);
    expect(Date.parse(task!.dueAt)).toBe(due);

    const edit = expectStatus(
      await stack.http.put<CalendarEditView>(
        `/calendar/${day.slice(0, 4)}/days/${day}`,
        { kind: 'day_off', name: 'Nghỉ đột xuất', source: 'Công văn 2/TB-TEST' },
        admin,
      ),
      200,
    );
    expect(edit.replan.tasks).toBeGreaterThanOrEqual(1);
    expect(edit.replan.workflowId).toMatch(new RegExp(`^calendar-replan/${day}/`));

    const moved = await pollUntil(
      () => getTask(stack, task!.id, clerk),
      (t) => Date.parse(t.dueAt) !== due,
      { timeoutMs: 60_000, description: 'the re-planned deadline' },
    );
    expect(Date.parse(moved.dueAt)).toBe(Date.parse(`${next}T23:59:59.999+07:00`));
    expect(Date.parse(moved.originalDueAt)).toBe(due);
    const amend = (await eventsOf(stack, task!.id, clerk)).find((e) => e.action === 'amend_deadline');
    expect(String(amend?.data.reason)).toContain(`calendar change: ${day} is now a day off (Nghỉ đột xuất)`);

    // Taking the day off back does not pull the deadline earlier.
    const undo = expectStatus(
      await stack.http.delete<CalendarEditView>(`/calendar/${day.slice(0, 4)}/days/${day}`, admin),
      200,
    );
    expect(undo.replan).toEqual({ tasks: 0, reminderTasks: 0, workflowId: null });
    expect(Date.parse((await getTask(stack, task!.id, clerk)).dueAt)).toBe(Date.parse(`${next}T23:59:59.999+07:00`));
  });

  it('hands a task whose reminders count working days the edited calendar', async () => {
    const day = await plainWeekdayAhead(20);
    const directive = await aDirective(org)
      .dueAt(day)
      .withPolicy({
        before: [{ workingDays: 2 }],
        atDeadline: false,
        overdueEvery: null,
        escalateAfter: { workingDays: 1 },
      })
      .issue(stack);
    await waitUntilAllActive(stack, directive.id, undefined, asClerk(org.issuer));
    // A day off three days before the deadline: the deadline stays, the reminder is counted anew.
    const before = plusDays(day, -3);
    const edit = expectStatus(
      await stack.http.put<CalendarEditView>(
        `/calendar/${before.slice(0, 4)}/days/${before}`,
        { kind: 'day_off', name: 'Nghỉ thử' },
        admin,
      ),
      200,
    );
    expect(edit.replan).toMatchObject({ tasks: 0 });
    expect(edit.replan.reminderTasks).toBeGreaterThanOrEqual(1);
    expect(edit.replan.workflowId).not.toBeNull();
    // The re-plan ran on the real worker and the task's workflow took the calendar.
    const connection = await Connection.connect({ address: stack.temporalAddress });
    try {
      const result = await new Client({ connection, namespace: stack.namespace }).workflow
        .getHandle(edit.replan.workflowId!)
        .result();
      expect(result).toMatchObject({ moved: 0, refreshed: edit.replan.reminderTasks, skipped: 0 });
    } finally {
      await connection.close();
    }
    expectStatus(await stack.http.delete(`/calendar/${before.slice(0, 4)}/days/${before}`, admin), 200);
  });

  it('counts a deadline given as working days from the day of issue (first day not counted), ending at 24:00', async () => {
    const issuedAt = new Date().toISOString();
    const body = aDirective(org).build();
    const assignments = (body.assignments as Record<string, unknown>[]).map(({ dueAt: _dueAt, ...a }) => ({
      ...a,
      dueIn: { workingDays: 3 },
    }));
    const directive = expectStatus(
      await stack.http.post<{ id: string }>('/directives', { ...body, issuedAt, assignments }, asClerk(org.issuer)),
      201,
    );
    let end = vnDate(Date.parse(issuedAt));
    for (let counted = 0; counted < 3;) {
      end = plusDays(end, 1);
      if (await isWorked(end)) counted += 1;
    }
    // A task is listed once its workflow runs.
    await waitUntilAllActive(stack, directive.id, undefined, asClerk(org.issuer));
    const [task] = await tasksOf(stack, directive.id, asClerk(org.issuer));
    expect(Date.parse(task!.dueAt)).toBe(Date.parse(`${end}T23:59:59.999+07:00`));
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['both dueAt and dueIn', { dueAt: '2031-05-06', dueIn: { workingDays: 2 } }, 'assignments[0].dueAt'],
    ['neither dueAt nor dueIn', {}, 'assignments[0].dueAt'],
    ['zero working days', { dueIn: { workingDays: 0 } }, 'assignments[0].dueIn.workingDays'],
  ])('answers 400 for an assignment with %s', async (_what, due, field) => {
    const body = aDirective(org).build();
    const assignments = (body.assignments as Record<string, unknown>[]).map(({ dueAt: _dueAt, ...a }) => ({
      ...a,
      ...due,
    }));
    expect(
      fieldsOf(expectError(await stack.http.post('/directives', { ...body, assignments }, asClerk(org.issuer)), 400)),
    ).toContain(field);
  });
});
