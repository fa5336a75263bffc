/**
 * A directive's life over HTTP on the real stack: issuing it, every task becoming active, the
 * people's actions on a task (each answer and each later read showing the change, each change
 * an event naming who acted), deadline changes, withdrawal, and the lists with their filters
 * and cursors. Time-driven behaviour (reminders, escalation) is in reminders-escalations.spec.ts.
 */
import {
  asAdmin,
  asClerk,
  asOfficer,
  eventsOf,
  expectError,
  expectStatus,
  getDirective,
  getTask,
  listAll,
  taskOfUnit,
  tasksOf,
  waitUntilAllActive,
  type DirectiveView,
  type ExtensionRequestView,
  type TaskView,
  type UnitView,
} from './support/api';
import { DAY, SECOND, aDirective, anOrg, isoIn, unique, type DirectiveBuilder } from './support/builders';
import { aDistrictLetter, type DistrictLetter } from './support/district-letter';
import { pollUntil, type RequestOptions } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();

/**
 * Issues the directive and waits until every task's workflow runs (actions are refused before),
 * reading as a clerk of the issuing unit.
 */
async function issueAndActivate(
  builder: DirectiveBuilder,
  actor?: string,
): Promise<{ directive: DirectiveView; tasks: TaskView[] }> {
  const directive = await builder.issue(stack, actor);
  const clerk = asClerk(directive.issuerUnitId);
  await waitUntilAllActive(stack, directive.id, undefined, clerk);
  return { directive, tasks: await tasksOf(stack, directive.id, clerk) };
}

/** POST an action on a task as the person `who` names, expecting 200 and answering the task as the API returned it. */
async function act(taskId: string, action: string, body: unknown, who: RequestOptions): Promise<TaskView> {
  return expectStatus(
    await stack.http.post<TaskView>(`/tasks/${taskId}/${action}`, body, who),
    200,
    `POST /tasks/${taskId}/${action}`,
  );
}

/** A Saturday at least two weeks ahead in a month without public holidays, and the Monday after it. */
function nextQuietWeekend(): { saturday: string; monday: string } {
  const day = new Date(Date.now() + 14 * DAY);
  for (;;) {
    day.setUTCDate(day.getUTCDate() + 1);
    const monday = new Date(day.getTime() + 2 * DAY);
    if (day.getUTCDay() === 6 && [6, 7, 10, 11].includes(monday.getUTCMonth() + 1)) {
      return { saturday: day.toISOString().slice(0, 10), monday: monday.toISOString().slice(0, 10) };
    }
  }
}

describe('the stack', () => {
  it('answers health with PostgreSQL and Temporal up', async () => {
    const health = expectStatus(await stack.http.get('/health'), 200);
    expect(health).toMatchObject({ status: 'ok', postgres: 'up', temporal: 'up' });
  });
});

describe('issuing a directive', () => {
  it('creates one task per recipient, each with its role, and every task becomes active', async () => {
    const org = await anOrg().create(stack);
    const [lead, coordinate, inform] = org.recipients as [string, string, string];
    const dueAt = isoIn(20 * DAY);
    const directive = await aDirective(org)
      .to(lead, 'lead')
      .to(coordinate, 'coordinate')
      .to(inform, 'inform')
      .dueAt(dueAt)
      .withReview()
      .issue(stack, 'chanh.van.phong');

    expect(directive).toMatchObject({
      status: 'active',
      issuerUnitId: org.issuer,
      reviewRequired: true,
      createdBy: 'chanh.van.phong',
      progress: { total: 3 },
    });
    const clerk = asClerk(org.issuer);
    const active = await waitUntilAllActive(stack, directive.id, undefined, clerk);
    expect(active.progress).toEqual({ total: 3, active: 3, byStatus: { assigned: 3 }, overdue: 0, escalated: 0 });

    const tasks = await tasksOf(stack, directive.id, clerk);
    expect(tasks.map((t) => [t.unitId, t.role]).sort()).toEqual(
      [
        [lead, 'lead'],
        [coordinate, 'coordinate'],
        [inform, 'inform'],
      ].sort(),
    );
    for (const task of tasks) {
      expect(task).toMatchObject({
        directiveId: directive.id,
        status: 'assigned',
        dueAt,
        originalDueAt: dueAt,
        overdue: false,
        escalated: false,
      });
      expect(task.activatedAt).not.toBeNull();
    }
  });

  it("sends escalations to the issuer's effective coordinating unit unless the directive names another", async () => {
    const org = await anOrg().create(stack);
    const issuer = expectStatus(await stack.http.get<UnitView>(`/units/${org.issuer}`, asClerk(org.issuer)), 200);
    expect(issuer).toMatchObject({
      coordinatingUnitId: null,
      parentId: org.province,
      effectiveCoordinatingUnitId: org.coordinator,
    });

    const byDefault = await aDirective(org).issue(stack);
    expect(byDefault.coordinatingUnitId).toBe(org.coordinator);

    const named = await aDirective(org).with({ coordinatingUnitId: org.spares[0] }).issue(stack);
    expect(named.coordinatingUnitId).toBe(org.spares[0]);

    // A unit with no coordinating body above it coordinates its own directives.
    const standalone = `${org.prefix}/doc-lap`;
    expectStatus(
      await stack.http.post(
        '/units',
        { units: [{ id: standalone, name: 'Cơ quan độc lập', level: 'agency' }] },
        asAdmin(),
      ),
      200,
    );
    const own = await aDirective(org).with({ issuerUnitId: standalone }).issue(stack);
    expect(own).toMatchObject({ issuerUnitId: standalone, coordinatingUnitId: standalone });
  });

  it('reads a YYYY-MM-DD deadline falling on a Saturday as the end of the next working day in Vietnam', async () => {
    const org = await anOrg().create(stack);
    const { saturday, monday } = nextQuietWeekend();
    const directive = await aDirective(org).dueAt(saturday).issue(stack);
    await waitUntilAllActive(stack, directive.id, undefined, asClerk(org.issuer));
    const [task] = await tasksOf(stack, directive.id, asClerk(org.issuer));
    // 23:59:59.999 at UTC+07:00 on the Monday.
    expect(task?.dueAt).toBe(`${monday}T16:59:59.999Z`);
  });
});

describe('a task under review', () => {
  it('goes acknowledge → progress → submit → return → submit → accept, each answer and each later read showing the change', async () => {
    const org = await anOrg().create(stack);
    const { tasks } = await issueAndActivate(aDirective(org).to(org.recipients[0]!, 'lead').withReview());
    const task = tasks[0]!;
    // The recipient's officer reports; the issuer's clerk reviews. Each reads the task after acting.
    const officer = asOfficer(task.unitId, `can.bo.${unique()}`);
    const reviewer = asClerk(org.issuer, `lanh.dao.${unique()}`);

    const steps: {
      action: string;
      body: unknown;
      who: RequestOptions;
      expected: Partial<TaskView> | Record<string, unknown>;
    }[] = [
      { action: 'acknowledge', body: {}, who: officer, expected: { status: 'acknowledged' } },
      {
        action: 'progress',
        body: { percent: 40, note: 'Đã xây dựng kế hoạch' },
        who: officer,
        expected: { status: 'in_progress', progress: { percent: 40, note: 'Đã xây dựng kế hoạch' } },
      },
      {
        action: 'submit',
        body: { report: 'Báo cáo lần 1' },
        who: officer,
        expected: { status: 'submitted', report: 'Báo cáo lần 1' },
      },
      {
        action: 'return',
        body: { reason: 'Thiếu số liệu quý III' },
        who: reviewer,
        expected: { status: 'in_progress', returnReason: 'Thiếu số liệu quý III' },
      },
      {
        action: 'submit',
        body: { report: 'Báo cáo lần 2' },
        who: officer,
        expected: { status: 'submitted', report: 'Báo cáo lần 2', returnReason: null },
      },
      {
        action: 'accept',
        body: {},
        who: reviewer,
        expected: { status: 'completed', progress: { percent: 100, note: 'Đã xây dựng kế hoạch' } },
      },
    ];
    let previousStatus = task.status;
    for (const [index, step] of steps.entries()) {
      const answered = await act(task.id, step.action, step.body, step.who);
      expect(answered).toMatchObject(step.expected);
      const read = await getTask(stack, task.id, step.who);
      expect(read).toMatchObject(step.expected);

      const events = await eventsOf(stack, task.id, step.who);
      expect(events).toHaveLength(index + 1);
      expect(events[index]).toMatchObject({
        sequence: index + 1,
        action: step.action,
        actor: step.who.actor,
        fromStatus: previousStatus,
        toStatus: step.expected.status,
      });
      previousStatus = step.expected.status as string;
    }

    const done = await getTask(stack, task.id, officer);
    expect(done.acknowledgedAt).not.toBeNull();
    expect(done.submittedAt).not.toBeNull();
    expect(done.completedAt).not.toBeNull();
    expect(done.closedAt).not.toBeNull();
    expect((await getDirective(stack, task.directiveId, reviewer)).progress?.byStatus).toEqual({ completed: 1 });
  });

  it('records the token’s subject as the actor, and refuses an action without a token (401), changing nothing', async () => {
    const org = await anOrg().create(stack);
    const { tasks } = await issueAndActivate(aDirective(org));
    const task = tasks[0]!;
    const officer = asOfficer(task.unitId, `can.bo.${unique()}`);
    const refused = await stack.http.post<{ details?: { code?: string } }>(
      `/tasks/${task.id}/acknowledge`,
      {},
      { token: null },
    );
    expect(refused.status).toBe(401);
    expect(await eventsOf(stack, task.id, officer)).toEqual([]);
    expectStatus(await stack.http.post(`/tasks/${task.id}/acknowledge`, {}, officer), 200);
    const [event] = await eventsOf(stack, task.id, officer);
    expect(event).toMatchObject({ action: 'acknowledge', actor: officer.actor });
  });

  it('completes an inform task when it is acknowledged', async () => {
    const org = await anOrg().create(stack);
    const { tasks } = await issueAndActivate(aDirective(org).to(org.recipients[0]!, 'inform').withReview());
    const officer = asOfficer(tasks[0]!.unitId, 'van.thu.huyen');
    const answered = await act(tasks[0]!.id, 'acknowledge', {}, officer);
    expect(answered).toMatchObject({ status: 'completed' });
    expect(answered.completedAt).not.toBeNull();
    expect(await getTask(stack, tasks[0]!.id, officer)).toMatchObject({ status: 'completed' });
  });

  it('completes a task on submission when the directive requires no review', async () => {
    const org = await anOrg().create(stack);
    const { tasks } = await issueAndActivate(aDirective(org));
    const officer = asOfficer(tasks[0]!.unitId, 'can.bo');
    const answered = await act(tasks[0]!.id, 'submit', { report: 'Đã hoàn thành' }, officer);
    expect(answered).toMatchObject({ status: 'completed', report: 'Đã hoàn thành', progress: { percent: 100 } });
    expect(await eventsOf(stack, tasks[0]!.id, officer)).toEqual([
      expect.objectContaining({ action: 'submit', fromStatus: 'assigned', toStatus: 'completed' }),
    ]);
  });

  it('refuses illegal transitions with 409 naming the status and the allowed actions, changing nothing', async () => {
    const org = await anOrg().create(stack);
    const [lead, inform] = org.recipients as [string, string];
    const { tasks } = await issueAndActivate(aDirective(org).to(lead, 'lead').to(inform, 'inform').withReview());
    const leadTask = taskOfUnit(tasks, lead);
    const informTask = taskOfUnit(tasks, inform);
    const clerk = asClerk(org.issuer);
    const informOfficer = asOfficer(inform, 'van.thu');

    // Each refusal comes to a person who may take the action on the task, so only the status stands in the way.
    const accept = expectError(await stack.http.post(`/tasks/${leadTask.id}/accept`, {}, clerk), 409);
    expect(accept.message).toContain('assigned');
    expect(accept.details).toMatchObject({ status: 'assigned', action: 'accept' });
    const allowed = accept.details?.allowedActions as string[];
    expect(allowed).toEqual(expect.arrayContaining(['acknowledge', 'progress', 'submit']));
    expect(allowed).not.toContain('accept');
    expect(allowed).not.toContain('return');

    const progress = expectError(
      await stack.http.post(`/tasks/${informTask.id}/progress`, { percent: 10 }, informOfficer),
      409,
    );
    expect(progress.details).toMatchObject({ status: 'assigned', action: 'progress' });
    expect(progress.details?.allowedActions).toContain('acknowledge');
    expect(progress.details?.allowedActions).not.toContain('progress');

    await act(informTask.id, 'acknowledge', {}, informOfficer);
    const again = expectError(await stack.http.post(`/tasks/${informTask.id}/acknowledge`, {}, informOfficer), 409);
    expect(again.details).toMatchObject({ status: 'completed', action: 'acknowledge', allowedActions: [] });

    expect(await getTask(stack, leadTask.id, clerk)).toMatchObject({ status: 'assigned' });
    expect(await eventsOf(stack, leadTask.id, clerk)).toEqual([]);
    expect(await eventsOf(stack, informTask.id, clerk)).toHaveLength(1);
  });
});

describe('deadline changes', () => {
  it('moves the deadline when an extension request is approved, keeping the original; a decision is final', async () => {
    const org = await anOrg().create(stack);
    const { tasks } = await issueAndActivate(aDirective(org));
    const task = tasks[0]!;
    const requestedDueAt = isoIn(45 * DAY);
    // The recipient's officer asks; the issuer's clerk decides.
    const officer = asOfficer(task.unitId, 'pho.bi.thu.huyen');
    const clerk = asClerk(org.issuer, 'chanh.van.phong');

    const request = expectStatus(
      await stack.http.post<ExtensionRequestView>(
        `/tasks/${task.id}/extension-requests`,
        { requestedDueAt, reason: 'Chờ số liệu của Sở' },
        officer,
      ),
      201,
    );
    expect(request).toMatchObject({
      status: 'pending',
      taskId: task.id,
      requestedDueAt,
      requestedBy: 'pho.bi.thu.huyen',
    });
    expect(expectStatus(await stack.http.get(`/extension-requests/${request.id}`, officer), 200)).toMatchObject({
      status: 'pending',
    });

    const approved = expectStatus(
      await stack.http.post<ExtensionRequestView>(
        `/extension-requests/${request.id}/approve`,
        { note: 'Đồng ý' },
        clerk,
      ),
      200,
    );
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'chanh.van.phong' });
    expect(await getTask(stack, task.id, officer)).toMatchObject({ dueAt: requestedDueAt, originalDueAt: task.dueAt });

    expect(
      expectError(await stack.http.post(`/extension-requests/${request.id}/approve`, {}, clerk), 409).details,
    ).toMatchObject({ status: 'approved' });
    expectError(await stack.http.post(`/extension-requests/${request.id}/reject`, { reason: 'Đổi ý' }, clerk), 409);
    expect((await eventsOf(stack, task.id, clerk)).map((e) => [e.action, e.actor])).toEqual([
      ['request_extension', 'pho.bi.thu.huyen'],
      ['approve_extension', 'chanh.van.phong'],
    ]);
  });

  it('keeps the deadline when an extension request is rejected', async () => {
    const org = await anOrg().create(stack);
    const { tasks } = await issueAndActivate(aDirective(org));
    const task = tasks[0]!;
    const clerk = asClerk(org.issuer, 'bi.thu');
    const request = expectStatus(
      await stack.http.post<ExtensionRequestView>(
        `/tasks/${task.id}/extension-requests`,
        { requestedDueAt: isoIn(60 * DAY), reason: 'Thiếu nhân lực' },
        asOfficer(task.unitId),
      ),
      201,
    );
    const rejected = expectStatus(
      await stack.http.post<ExtensionRequestView>(
        `/extension-requests/${request.id}/reject`,
        { reason: 'Việc gấp' },
        clerk,
      ),
      200,
    );
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'bi.thu', decisionReason: 'Việc gấp' });
    expect(await getTask(stack, task.id, clerk)).toMatchObject({ dueAt: task.dueAt, originalDueAt: task.dueAt });
    expectError(await stack.http.post(`/extension-requests/${request.id}/reject`, { reason: 'again' }, clerk), 409);
  });

  it("amends one unit's deadline through the directive, keeping the original", async () => {
    const org = await anOrg().create(stack);
    const [first, second] = org.recipients as [string, string];
    const { directive, tasks } = await issueAndActivate(aDirective(org).to(first).to(second));
    const newDueAt = isoIn(50 * DAY);
    const clerk = asClerk(org.issuer, 'chanh.van.phong');

    const amended = expectStatus(
      await stack.http.post<TaskView>(
        `/directives/${directive.id}/amendments`,
        { unitId: second, dueAt: newDueAt, reason: 'Điều chỉnh kế hoạch' },
        clerk,
      ),
      200,
    );
    const before = taskOfUnit(tasks, second);
    expect(amended).toMatchObject({ id: before.id, dueAt: newDueAt, originalDueAt: before.dueAt });
    expect(await getTask(stack, before.id, asOfficer(second))).toMatchObject({
      dueAt: newDueAt,
      originalDueAt: before.dueAt,
    });
    expect(await eventsOf(stack, before.id, clerk)).toEqual([
      expect.objectContaining({ action: 'amend_deadline', actor: 'chanh.van.phong' }),
    ]);

    const untouched = taskOfUnit(tasks, first);
    expect(await getTask(stack, untouched.id, asOfficer(first))).toMatchObject({ dueAt: untouched.dueAt });
  });
});

describe('withdrawing a directive', () => {
  it('cancels every open task before answering, each with a cancel event naming the withdrawing actor', async () => {
    const org = await anOrg().create(stack);
    const [acknowledged, working, informed] = org.recipients as [string, string, string];
    const { directive, tasks } = await issueAndActivate(
      aDirective(org).to(acknowledged).to(working, 'coordinate').to(informed, 'inform'),
    );
    await act(taskOfUnit(tasks, acknowledged).id, 'acknowledge', {}, asOfficer(acknowledged));
    await act(taskOfUnit(tasks, working).id, 'progress', { percent: 30 }, asOfficer(working));
    await act(taskOfUnit(tasks, informed).id, 'acknowledge', {}, asOfficer(informed));
    const withdrawer = `bi.thu.${unique()}`;
    const clerk = asClerk(org.issuer, withdrawer);

    const withdrawn = expectStatus(
      await stack.http.post<DirectiveView>(
        `/directives/${directive.id}/withdraw`,
        { reason: 'Ban hành văn bản thay thế' },
        clerk,
      ),
      200,
    );
    expect(withdrawn).toMatchObject({
      status: 'withdrawn',
      withdrawnBy: withdrawer,
      withdrawnReason: 'Ban hành văn bản thay thế',
    });
    expect(withdrawn.withdrawnAt).not.toBeNull();

    // No polling: the answer comes only once every open task has recorded its cancellation.
    const after = await tasksOf(stack, directive.id, clerk);
    expect(Object.fromEntries(after.map((t) => [t.unitId, t.status]))).toEqual({
      [acknowledged]: 'cancelled',
      [working]: 'cancelled',
      [informed]: 'completed',
    });
    for (const unitId of [acknowledged, working]) {
      const task = taskOfUnit(after, unitId);
      expect(task.closedAt).not.toBeNull();
      const events = await eventsOf(stack, task.id, clerk);
      expect(events[events.length - 1]).toMatchObject({ action: 'cancel', actor: withdrawer, toStatus: 'cancelled' });
    }
    expect((await eventsOf(stack, taskOfUnit(after, informed).id, clerk)).map((e) => e.action)).toEqual([
      'acknowledge',
    ]);
    expect((await getDirective(stack, directive.id, clerk)).progress).toMatchObject({
      total: 3,
      byStatus: { cancelled: 2, completed: 1 },
    });
  });

  it('refuses a second withdrawal and any action on a cancelled task with 409', async () => {
    const org = await anOrg().create(stack);
    const { directive, tasks } = await issueAndActivate(aDirective(org));
    const clerk = asClerk(org.issuer);
    expectStatus(await stack.http.post(`/directives/${directive.id}/withdraw`, {}, clerk), 200);

    const again = expectError(await stack.http.post(`/directives/${directive.id}/withdraw`, {}, clerk), 409);
    expect(again.message).toMatch(/withdrawn/);
    const acknowledge = expectError(
      await stack.http.post(`/tasks/${tasks[0]!.id}/acknowledge`, {}, asOfficer(tasks[0]!.unitId)),
      409,
    );
    expect(acknowledge.details).toMatchObject({ status: 'cancelled', action: 'acknowledge', allowedActions: [] });
  });
});

describe('lists', () => {
  it('filters tasks by status (a comma list), by overdue and by unit', async () => {
    const org = await anOrg().withRecipients(4).create(stack);
    const [acknowledged, late, informed, working] = org.recipients as [string, string, string, string];
    const { directive, tasks } = await issueAndActivate(
      aDirective(org)
        .to(acknowledged)
        .to(late, 'lead', isoIn(3 * SECOND))
        .to(informed, 'inform')
        .to(working, 'coordinate'),
    );
    const id = (unitId: string): string => taskOfUnit(tasks, unitId).id;
    await act(id(acknowledged), 'acknowledge', {}, asOfficer(acknowledged));
    await act(id(informed), 'acknowledge', {}, asOfficer(informed));
    await act(id(working), 'progress', { percent: 10 }, asOfficer(working));
    // The issuer's clerk reads every task of the directive, so each filter has all four to choose from.
    const clerk = asClerk(org.issuer);
    await pollUntil(
      () => getTask(stack, id(late), clerk),
      (t) => t.overdue,
      { timeoutMs: 15_000, description: `task of ${late} to be overdue` },
    );

    const ids = async (path: string): Promise<string[]> =>
      (await listAll<TaskView>(stack, path, 500, undefined, clerk)).items.map((t) => t.id).sort();
    const scope = `directiveId=${directive.id}`;
    expect(await ids(`/tasks?${scope}&status=acknowledged,in_progress`)).toEqual(
      [id(acknowledged), id(working)].sort(),
    );
    expect(await ids(`/tasks?${scope}&status=completed`)).toEqual([id(informed)]);
    expect(await ids(`/tasks?${scope}&overdue=true`)).toEqual([id(late)]);
    expect(await ids(`/tasks?${scope}&overdue=false`)).toEqual([id(acknowledged), id(informed), id(working)].sort());
    expect(await ids(`/tasks?unitId=${encodeURIComponent(late)}`)).toEqual([id(late)]);
    expect(await ids(`/tasks?unitId=${encodeURIComponent(late)}&status=completed`)).toEqual([]);
    expect(await ids(`/directives/${directive.id}/tasks?status=assigned`)).toEqual([id(late)]);
    expect(await ids(`/directives/${directive.id}/tasks?overdue=true`)).toEqual([id(late)]);
    expect((await getDirective(stack, directive.id, clerk)).progress).toMatchObject({
      total: 4,
      overdue: 1,
      byStatus: { acknowledged: 1, assigned: 1, completed: 1, in_progress: 1 },
    });
  });

  it('walks every task exactly once, in deadline order, with limit=2 and the cursor', async () => {
    const org = await anOrg().withRecipients(7).create(stack);
    const builder = aDirective(org);
    // Two pairs share a deadline, so the order must break ties (by id) for the cursor to be exact.
    const offsets = [5, 3, 3, 9, 1, 7, 7];
    org.recipients.forEach((unitId, i) => builder.to(unitId, 'lead', isoIn(offsets[i]! * DAY)));
    const directive = await builder.issue(stack);
    await waitUntilAllActive(stack, directive.id, undefined, asClerk(org.issuer));

    for (const path of [`/tasks?directiveId=${directive.id}`, `/directives/${directive.id}/tasks`]) {
      const { items, pageSizes } = await listAll<TaskView>(stack, path, 2, undefined, asClerk(org.issuer));
      expect(pageSizes).toEqual([2, 2, 2, 1]);
      expect(new Set(items.map((t) => t.id)).size).toBe(7);
      expect(items.map((t) => t.unitId).sort()).toEqual([...org.recipients].sort());
      const sorted = [...items].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
      expect(items.map((t) => t.id)).toEqual(sorted.map((t) => t.id));
    }
  });

  it('lists the directives of an issuer newest first, by status, with the cursor', async () => {
    const org = await anOrg().create(stack);
    const first = await aDirective(org).issue(stack);
    const second = await aDirective(org).issue(stack);
    const third = await aDirective(org).issue(stack);
    const clerk = asClerk(org.issuer);
    await waitUntilAllActive(stack, second.id, undefined, clerk);
    expectStatus(await stack.http.post(`/directives/${second.id}/withdraw`, {}, clerk), 200);

    const all = await listAll<DirectiveView>(
      stack,
      `/directives?issuerUnitId=${encodeURIComponent(org.issuer)}`,
      2,
      undefined,
      clerk,
    );
    expect(all.pageSizes).toEqual([2, 1]);
    expect(all.items.map((d) => d.id)).toEqual([third.id, second.id, first.id]);
    const withdrawn = await listAll<DirectiveView>(
      stack,
      `/directives?issuerUnitId=${encodeURIComponent(org.issuer)}&status=withdrawn`,
      50,
      undefined,
      clerk,
    );
    expect(withdrawn.items.map((d) => d.id)).toEqual([second.id]);
    const active = await listAll<DirectiveView>(
      stack,
      `/directives?issuerUnitId=${encodeURIComponent(org.issuer)}&status=active`,
      50,
      undefined,
      clerk,
    );
    expect(active.items.map((d) => d.id)).toEqual([third.id, first.id]);
  });

  it('applies every value of a comma-separated status or level filter, as GET /tasks does, never only the first', async () => {
    const org = await anOrg().create(stack);
    const kept = await aDirective(org).issue(stack);
    const dropped = await aDirective(org).issue(stack);
    const clerk = asClerk(org.issuer);
    await waitUntilAllActive(stack, dropped.id, undefined, clerk);
    expectStatus(await stack.http.post(`/directives/${dropped.id}/withdraw`, {}, clerk), 200);

    const both = await listAll<DirectiveView>(
      stack,
      `/directives?issuerUnitId=${encodeURIComponent(org.issuer)}&status=active,withdrawn`,
      50,
      undefined,
      clerk,
    );
    expect(both.items.map((d) => d.id).sort()).toEqual([kept.id, dropped.id].sort());

    const units = await listAll<UnitView>(
      stack,
      `/units?parentId=${encodeURIComponent(org.province)}&level=district,agency`,
      50,
      undefined,
      clerk,
    );
    expect(units.items.map((u) => u.id).sort()).toEqual(
      [org.coordinator, org.issuer, ...org.recipients, ...org.spares].sort(),
    );
  });

  it('lists the units under a parent with the cursor, and reads a unit whose id holds slashes', async () => {
    const org = await anOrg().withRecipients(3).withSpares(2).create(stack);
    const children = [org.coordinator, org.issuer, ...org.recipients, ...org.spares].sort();
    // The tree is every role's address book: an officer of a district reads all of it.
    const officer = asOfficer(org.recipients[0]!);

    const { items, pageSizes } = await listAll<UnitView>(
      stack,
      `/units?parentId=${encodeURIComponent(org.province)}`,
      2,
      undefined,
      officer,
    );
    expect(pageSizes).toEqual([2, 2, 2, 1]);
    expect(items.map((u) => u.id)).toEqual(children);

    const districts = await listAll<UnitView>(
      stack,
      `/units?parentId=${encodeURIComponent(org.province)}&level=district`,
      50,
      undefined,
      officer,
    );
    expect(districts.items.map((u) => u.id)).toEqual([...org.recipients].sort());

    expect(expectStatus(await stack.http.get<UnitView>(`/units/${org.coordinator}`, officer), 200)).toMatchObject({
      id: org.coordinator,
      level: 'agency',
    });
    expect(
      expectStatus(await stack.http.get<UnitView>(`/units/${encodeURIComponent(org.coordinator)}`, officer), 200),
    ).toMatchObject({ id: org.coordinator });
  });
});

describe('intake: a công văn read into a draft, then confirmed into a directive', () => {
  const letterAndUnits = (): Promise<DistrictLetter> => aDistrictLetter(stack);

  interface Draft {
    reference: string | null;
    issuedOn: string | null;
    matches: { text: string; unitId: string | null }[];
    [key: string]: unknown;
  }
  interface Read {
    draft: Draft;
    proposal: { assignments: { unitId: string; role: string; instructions: string }[]; unmatched: unknown[] };
  }

  it('reads the letter without creating anything, matching its units to the tree', async () => {
    const { text, issuer, office, police } = await letterAndUnits();
    const clerk = asClerk(issuer);
    const read = expectStatus(await stack.http.post<Read>('/intake', { text }, clerk), 200);
    expect(read.draft.reference).toMatch(/^45\/UBND-VX/);
    expect(read.draft.issuedOn).toBe('2026-03-05');
    expect(read.draft.matches.map((m) => m.unitId)).toEqual(expect.arrayContaining([office, police]));
    expect(read.proposal.unmatched).toEqual([]);
    expect(read.proposal.assignments).toEqual([
      expect.objectContaining({ unitId: office, role: 'lead' }),
      expect.objectContaining({ unitId: police, role: 'coordinate' }),
    ]);
    const nothing = expectStatus(
      await stack.http.get<{ items: unknown[] }>(`/directives?issuerUnitId=${encodeURIComponent(issuer)}`, clerk),
      200,
    );
    expect(nothing.items).toEqual([]);
  });

  it('creates the directive from the confirmed draft with per-unit deadlines, like POST /directives', async () => {
    const { text, issuer, office, police } = await letterAndUnits();
    const clerk = asClerk(issuer, 'van.thu');
    const { draft } = expectStatus(await stack.http.post<Read>('/intake', { text }, clerk), 200);
    const officeDue = isoIn(10 * DAY);
    const created = expectStatus(
      await stack.http.post<DirectiveView>(
        '/intake/confirm',
        { draft, issuerUnitId: issuer, dueAt: isoIn(20 * DAY), dueAtByUnit: { [office]: officeDue } },
        clerk,
      ),
      201,
    );
    expect(created).toMatchObject({
      number: draft.reference,
      issuerUnitId: issuer,
      createdBy: 'van.thu',
      progress: { total: 2 },
    });
    await waitUntilAllActive(stack, created.id, undefined, clerk);
    const tasks = await tasksOf(stack, created.id, clerk);
    expect(taskOfUnit(tasks, office)).toMatchObject({ role: 'lead', dueAt: officeDue });
    expect(taskOfUnit(tasks, police)).toMatchObject({ role: 'coordinate' });

    // The same letter confirmed twice is the same directive: 409, as POST /directives answers.
    const again = expectError(
      await stack.http.post('/intake/confirm', { draft, issuerUnitId: issuer, dueAt: isoIn(20 * DAY) }, clerk),
      409,
    );
    expect(again.details).toMatchObject({ existingDirectiveId: created.id });
  });

  it('refuses a draft with an unmatched unit, a missing deadline or a past one, naming the field, and writes nothing', async () => {
    const { text, issuer, police } = await letterAndUnits();
    const clerk = asClerk(issuer);
    const { draft } = expectStatus(await stack.http.post<Read>('/intake', { text }, clerk), 200);
    const unmatched = {
      ...draft,
      matches: draft.matches.map((m) => (m.unitId === police ? { ...m, unitId: null } : m)),
    };
    const cases: { body: unknown; field: string }[] = [
      { body: { draft: unmatched, issuerUnitId: issuer, dueAt: isoIn(5 * DAY) }, field: 'draft.sections[1].units[0]' },
      { body: { draft, issuerUnitId: issuer }, field: `dueAtByUnit.${police}` },
      { body: { draft, issuerUnitId: issuer, dueAt: '2020-01-01' }, field: 'assignments[0].dueAt' },
      {
        body: { draft: { ...draft, reference: null }, issuerUnitId: issuer, dueAt: isoIn(5 * DAY) },
        field: 'draft.reference',
      },
      {
        body: { draft: { ...draft, sections: 'none' }, issuerUnitId: issuer, dueAt: isoIn(5 * DAY) },
        field: 'draft.sections',
      },
      { body: { draft, dueAt: isoIn(5 * DAY) }, field: 'issuerUnitId' },
    ];
    for (const { body, field } of cases) {
      const error = expectError(
        await stack.http.post('/intake/confirm', body, clerk),
        400,
        `confirm expecting ${field}`,
      );
      expect(error.errors?.map((e) => e.field)).toContain(field);
    }
    expectError(await stack.http.post('/intake', { text: '' }, clerk), 400);
    const nothing = expectStatus(
      await stack.http.get<{ items: unknown[] }>(`/directives?issuerUnitId=${encodeURIComponent(issuer)}`, clerk),
      200,
    );
    expect(nothing.items).toEqual([]);
  });
});
