/**
 * Periodic reports over HTTP on the real stack: a recurring assignment is written as its
 * period 0 (period and recurrence shown on the task), the next period opens when the first falls
 * due, actions reach the right period's workflow, withdrawal cancels every open period, and a
 * bad recurrence is a 400 naming the field with nothing written.
 */
import { periodDeadline, vietnamCalendar } from '@dondoc/domain';
import {
  asClerk,
  asOfficer,
  eventsOf,
  expectError,
  expectStatus,
  fieldsOf,
  getDirective,
  tasksOf,
  waitUntilAllActive,
  type DirectiveView,
  type TaskView,
} from './support/api';
import { DAY, SECOND, aDirective, anOrg, isoIn, type Org } from './support/builders';
import { pollUntil } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();
let org: Org;

beforeAll(async () => {
  org = await anOrg().create(stack);
}, 120_000);

/** POST /directives with a recurrence on its one assignment. */
function recurringBody(dueAt: string, recurrence: unknown): Record<string, unknown> {
  const body = aDirective(org).to(org.recipients[0]!, 'lead', dueAt).build();
  (body.assignments as Record<string, unknown>[])[0]!.recurrence = recurrence;
  return body;
}

describe('periodic reports', () => {
  it('writes period 0 with its recurrence, opens period 1 when period 0 falls due, and cancels every open period on withdrawal', async () => {
    const firstDueAt = isoIn(6 * SECOND);
    const until = vietnamCalendar().localDate(Date.now() + 3 * DAY);
    const recurrence = { every: 'P1D', until };
    // The issuing unit's clerk issues, reads and withdraws the directive.
    const clerk = asClerk(org.issuer, 'van.thu');
    const directive = expectStatus(
      await stack.http.post<DirectiveView>('/directives', recurringBody(firstDueAt, recurrence), clerk),
      201,
      'POST /directives',
    );
    await waitUntilAllActive(stack, directive.id, undefined, clerk);
    const [first] = await tasksOf(stack, directive.id, clerk);
    expect(first).toMatchObject({
      period: 0,
      recurrence,
      dueAt: new Date(firstDueAt).toISOString(),
      status: 'assigned',
    });

    // Period 0 is submitted through its own period's workflow.
    expectStatus(
      await stack.http.post<TaskView>(
        `/tasks/${first!.id}/submit`,
        { report: 'Báo cáo kỳ 1' },
        asOfficer(first!.unitId, 'chuyen.vien'),
      ),
      200,
      'submit period 0',
    );

    const periods = await pollUntil(
      async () => (await tasksOf(stack, directive.id, clerk)).filter((t) => t.activatedAt !== null),
      (tasks) => tasks.length === 2,
      { timeoutMs: 60_000, description: 'period 1 to open once period 0 fell due' },
    );
    const second = periods.find((t) => t.period === 1)!;
    const expectedDue = periodDeadline(Date.parse(firstDueAt), recurrence, 1)!;
    expect(second).toMatchObject({
      period: 1,
      recurrence,
      status: 'assigned',
      dueAt: new Date(expectedDue).toISOString(),
    });
    expect(periods.find((t) => t.period === 0)?.status).toBe('completed');

    const withdrawn = await stack.http.post<DirectiveView>(
      `/directives/${directive.id}/withdraw`,
      { reason: 'Thay thế' },
      asClerk(org.issuer, 'chu.tich'),
    );
    expect([200, 202]).toContain(withdrawn.status);
    const after = await pollUntil(
      () => tasksOf(stack, directive.id, clerk),
      (tasks) => tasks.find((t) => t.period === 1)?.status === 'cancelled',
      { timeoutMs: 60_000, description: 'period 1 to be cancelled by the withdrawal' },
    );
    expect(after.map((t) => [t.period, t.status]).sort()).toEqual([
      [0, 'completed'],
      [1, 'cancelled'],
    ]);
    expect((await eventsOf(stack, second.id, clerk)).at(-1)).toMatchObject({
      action: 'cancel',
      actor: 'chu.tich',
      toStatus: 'cancelled',
    });
    expect((await getDirective(stack, directive.id, clerk)).status).toBe('withdrawn');
  });

  it.each<[string, unknown, string]>([
    ['both an interval and a day', { every: 'P1M', dayOfMonth: 5, until: '2030-12-31' }, 'assignments[0].recurrence'],
    ['an interval in hours', { every: 'PT12H', until: '2030-12-31' }, 'assignments[0].recurrence.every'],
    [
      'a day of the month out of range',
      { dayOfMonth: 32, until: '2030-12-31' },
      'assignments[0].recurrence.dayOfMonth',
    ],
    ['an end before the first deadline', { every: 'P1M', until: '2020-01-01' }, 'assignments[0].recurrence.until'],
    ['an unknown field', { every: 'P1M', until: '2030-12-31', times: 3 }, 'assignments[0].recurrence.times'],
  ])('refuses a recurrence with %s: 400 naming the field, nothing written', async (_case, recurrence, field) => {
    const body = recurringBody(isoIn(30 * DAY), recurrence);
    const clerk = asClerk(org.issuer, 'van.thu');
    const response = await stack.http.post('/directives', body, clerk);
    expect(fieldsOf(expectError(response, 400))).toContain(field);
    const listed = expectStatus(
      await stack.http.get<{ items: DirectiveView[] }>(
        `/directives?issuerUnitId=${encodeURIComponent(org.issuer)}&limit=500`,
        clerk,
      ),
      200,
    );
    expect(listed.items.map((d) => d.number)).not.toContain(body.number);
  });
});
