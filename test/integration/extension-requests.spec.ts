/**
 * GET /extension-requests on the real stack: the issuing clerk's queue of requests to decide,
 * oldest first, by status, paged by cursor, each with the unit that asked and the deadline it
 * would replace; nobody else's requests in it, and no queue for roles that decide nothing.
 */
import {
  asClerk,
  asOfficer,
  asSupervisor,
  expectError,
  expectStatus,
  taskOfUnit,
  tasksOf,
  waitUntilAllActive,
  type ExtensionRequestView,
  type Page,
  type TaskView,
} from './support/api';
import { DAY, aDirective, anOrg, isoIn, type Org } from './support/builders';
import { useStack } from './support/use-stack';

const stack = useStack();

/** A request as the decider's list shows it. */
type ListedRequest = ExtensionRequestView & { unitId: string; currentDueAt: string };

/** A directive of the org's issuer to `units`, its tasks listed (active) before it returns. */
async function tasksTo(org: Org, units: string[]): Promise<TaskView[]> {
  const builder = aDirective(org);
  for (const unit of units) builder.to(unit);
  const directive = await builder.issue(stack);
  await waitUntilAllActive(stack, directive.id, undefined, asClerk(org.issuer));
  return tasksOf(stack, directive.id, asClerk(org.issuer));
}

async function requestMoreTime(task: TaskView, days: number): Promise<ExtensionRequestView> {
  return expectStatus(
    await stack.http.post<ExtensionRequestView>(
      `/tasks/${task.id}/extension-requests`,
      { requestedDueAt: isoIn(days * DAY), reason: `Chờ số liệu (${days} ngày)` },
      asOfficer(task.unitId, 'can.bo.de.nghi'),
    ),
    201,
  );
}

async function queue(path: string, who = asClerk('nobody')): Promise<Page<ListedRequest>> {
  return expectStatus(await stack.http.get<Page<ListedRequest>>(path, who), 200, `GET ${path}`);
}

describe('GET /extension-requests', () => {
  it('lists the requests on the clerk’s own directives, oldest first, with their unit and current deadline, by status and page', async () => {
    const a = await anOrg().withRecipients(2).create(stack);
    const b = await anOrg().create(stack);
    const [first, second] = a.recipients as [string, string];
    const tasks = await tasksTo(a, [first, second]);
    const [bUnit] = b.recipients as [string];
    const elsewhere = taskOfUnit(await tasksTo(b, [bUnit]), bUnit);
    const older = await requestMoreTime(taskOfUnit(tasks, first), 40);
    const newer = await requestMoreTime(taskOfUnit(tasks, second), 50);
    const foreign = await requestMoreTime(elsewhere, 45);
    const clerk = asClerk(a.issuer);

    const pending = await queue('/extension-requests?status=pending', clerk);
    expect(pending.items.map((r) => r.id)).toEqual([older.id, newer.id]);
    expect(pending.items[0]).toMatchObject({
      ...older,
      unitId: first,
      currentDueAt: taskOfUnit(tasks, first).dueAt,
    });
    expect(pending.nextCursor).toBeNull();

    const page1 = await queue('/extension-requests?status=pending&limit=1', clerk);
    expect(page1.items.map((r) => r.id)).toEqual([older.id]);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await queue(
      `/extension-requests?status=pending&limit=1&cursor=${encodeURIComponent(page1.nextCursor ?? '')}`,
      clerk,
    );
    expect(page2.items.map((r) => r.id)).toEqual([newer.id]);
    expect(page2.nextCursor).toBeNull();

    expectStatus(await stack.http.post(`/extension-requests/${older.id}/approve`, {}, clerk), 200);
    expect((await queue('/extension-requests?status=pending', clerk)).items.map((r) => r.id)).toEqual([newer.id]);
    const approved = await queue('/extension-requests?status=approved', clerk);
    expect(approved.items).toEqual([
      expect.objectContaining({ id: older.id, status: 'approved', currentDueAt: older.requestedDueAt }),
    ]);
    expect((await queue('/extension-requests', clerk)).items.map((r) => r.id)).toEqual([older.id, newer.id]);
    expect((await queue('/extension-requests?status=approved,pending', clerk)).items).toHaveLength(2);

    // The other organisation's clerk decides only its own; a recipient's clerk decides none of these.
    expect((await queue('/extension-requests?status=pending', asClerk(b.issuer))).items.map((r) => r.id)).toEqual([
      foreign.id,
    ]);
    expect((await queue('/extension-requests', asClerk(first))).items).toEqual([]);
  });

  it('is a clerk’s queue: 403 for an officer or a supervisor, 400 naming a status it does not know', async () => {
    const org = await anOrg().create(stack);
    const officer = expectError(await stack.http.get('/extension-requests', asOfficer(org.issuer)), 403);
    expect(officer.message).toMatch(/role/i);
    expectError(await stack.http.get('/extension-requests', asSupervisor(org.coordinator)), 403);
    const bad = expectError(await stack.http.get('/extension-requests?status=waiting', asClerk(org.issuer)), 400);
    expect(bad.errors).toEqual([expect.objectContaining({ field: 'status' })]);
  });
});
