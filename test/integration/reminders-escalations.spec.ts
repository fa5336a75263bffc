/**
 * What happens on its own to a task left alone, on the real stack with second-scale deadlines:
 * reminders before and at the deadline, overdue notices, an escalation to the coordinating unit,
 * each exactly once and at the instants the policy names; then how the coordinating unit resolves
 * an escalation (extend, reassign, waive, remind).
 */
import {
  asAdmin,
  asClerk,
  asOfficer,
  asSupervisor,
  eventsOf,
  expectError,
  expectStatus,
  fieldsOf,
  getDirective,
  getTask,
  listAll,
  tasksOf,
  waitUntilAllActive,
  type DirectiveView,
  type EscalationView,
  type NotificationView,
  type TaskView,
  type UnitView,
} from './support/api';
import { DAY, SECOND, aDirective, anOrg, isoIn, unique, type Org } from './support/builders';
import { pollUntil } from './support/stack';
import { useStack } from './support/use-stack';

/** Second-scale policy: reminders 6 s before and at the deadline, overdue every 3 s, escalation 4 s late. */
const POLICY = { before: ['PT6S'], atDeadline: true, overdueEvery: 'PT3S', escalateAfter: 'PT4S' };
const BEFORE_MS = 6 * SECOND;
const OVERDUE_EVERY_MS = 3 * SECOND;
const ESCALATE_AFTER_MS = 4 * SECOND;
/** Far enough ahead that the task's workflow has started before the first reminder is due. */
const DUE_IN_MS = 12 * SECOND;

const stack = useStack();

/**
 * Every notice about a task, oldest first as the API lists them: those to the task's unit, read
 * by one of its officers, and those to the coordinating body `coordinator`, read by one of its
 * supervisors (each reads the notices to its own unit; a notice both may read is kept once).
 */
async function notificationsOf(task: TaskView, coordinator: string): Promise<NotificationView[]> {
  const path = `/notifications?taskId=${task.id}`;
  const [toUnit, toBody] = await Promise.all([
    listAll<NotificationView>(stack, path, 500, undefined, asOfficer(task.unitId)),
    listAll<NotificationView>(stack, path, 500, undefined, asSupervisor(coordinator)),
  ]);
  const byId = new Map([...toUnit.items, ...toBody.items].map((n) => [n.id, n]));
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Escalations of a directive that a supervisor of `body` lists with `query`. */
async function escalationsOf(body: string, directiveId: string, query = ''): Promise<EscalationView[]> {
  const all = (await listAll<EscalationView>(stack, `/escalations?${query}`, 500, undefined, asSupervisor(body))).items;
  return all.filter((e) => e.directiveId === directiveId);
}

/** The one escalation of a task, read by a supervisor of a body it reached. */
async function escalationOfTask(body: string, taskId: string): Promise<EscalationView> {
  const [escalation, ...more] = (
    await listAll<EscalationView>(stack, `/escalations?taskId=${taskId}`, 50, undefined, asSupervisor(body))
  ).items;
  if (escalation === undefined || more.length > 0)
    throw new Error(`expected one escalation for task ${taskId}, got ${1 + more.length}`);
  return escalation;
}

describe('a directive whose seven tasks are left alone', () => {
  let org: Org;
  let directive: DirectiveView;
  let tasks: TaskView[];
  const boss = 'truong.ban.chi.dao';
  /** The issuing unit's clerk reads the directive, its tasks and their histories. */
  const clerk = (actor?: string) => asClerk(org.issuer, actor);
  /** The steering committee's head resolves the escalations that reach it. */
  const supervisor = () => asSupervisor(org.coordinator, boss);

  beforeAll(async () => {
    org = await anOrg().withRecipients(7).withSpares(1).create(stack);
    directive = await aDirective(org).toAll(org.recipients).dueAt(isoIn(DUE_IN_MS)).withPolicy(POLICY).issue(stack);
    await waitUntilAllActive(stack, directive.id, undefined, clerk());
    tasks = (await tasksOf(stack, directive.id, clerk())).sort((a, b) => a.unitId.localeCompare(b.unitId));
    await pollUntil(
      () =>
        escalationsOf(
          org.coordinator,
          directive.id,
          `coordinatingUnitId=${encodeURIComponent(org.coordinator)}&status=open`,
        ),
      (open) => open.length === tasks.length,
      {
        timeoutMs: DUE_IN_MS + ESCALATE_AFTER_MS + 45_000,
        intervalMs: 500,
        description: 'an open escalation for each of the seven tasks',
      },
    );
  }, 120_000);

  it('reminds the unit before and at the deadline, then tells it the task is overdue, at the instants the policy names', async () => {
    const task = tasks[0]!;
    const due = Date.parse(task.dueAt);
    const notices = await notificationsOf(task, org.coordinator);

    const upToEscalation = notices
      .filter((n) => Date.parse(n.scheduledFor) <= due + ESCALATE_AFTER_MS)
      .map((n) => ({ kind: n.kind, unitId: n.unitId, offsetMs: Date.parse(n.scheduledFor) - due }));
    expect(upToEscalation).toEqual([
      { kind: 'reminder', unitId: task.unitId, offsetMs: -BEFORE_MS },
      { kind: 'reminder', unitId: task.unitId, offsetMs: 0 },
      { kind: 'overdue', unitId: task.unitId, offsetMs: OVERDUE_EVERY_MS },
      { kind: 'escalation', unitId: org.coordinator, offsetMs: ESCALATE_AFTER_MS },
    ]);

    // Overdue notices keep coming every 3 s: the k-th is scheduled k × 3 s after the deadline.
    const overdueOffsets = notices.filter((n) => n.kind === 'overdue').map((n) => Date.parse(n.scheduledFor) - due);
    expect(overdueOffsets).toEqual(overdueOffsets.map((_, k) => (k + 1) * OVERDUE_EVERY_MS));
    for (const notice of notices) {
      expect(notice.directiveId).toBe(directive.id);
      // Never sent before its time.
      expect(Date.parse(notice.createdAt)).toBeGreaterThanOrEqual(Date.parse(notice.scheduledFor));
    }
  });

  it('escalates each task once to the coordinating unit of the directive, escalateAfter past its deadline', async () => {
    expect(directive.coordinatingUnitId).toBe(org.coordinator);
    const escalations = await escalationsOf(
      org.coordinator,
      directive.id,
      `coordinatingUnitId=${encodeURIComponent(org.coordinator)}`,
    );
    expect(escalations.map((e) => e.taskId).sort()).toEqual(tasks.map((t) => t.id).sort());
    for (const escalation of escalations) {
      const task = tasks.find((t) => t.id === escalation.taskId)!;
      expect(escalation).toMatchObject({
        unitId: task.unitId,
        coordinatingUnitId: org.coordinator,
        status: 'open',
        resolution: null,
      });
      expect(Date.parse(escalation.openedAt)).toBeGreaterThanOrEqual(Date.parse(task.dueAt) + ESCALATE_AFTER_MS);
      expect((await eventsOf(stack, task.id, clerk())).filter((e) => e.action === 'escalate')).toEqual([
        expect.objectContaining({ actor: 'system' }),
      ]);
    }

    const toCoordinator = (
      await listAll<NotificationView>(
        stack,
        `/notifications?unitId=${encodeURIComponent(org.coordinator)}&kind=escalation`,
        500,
        undefined,
        supervisor(),
      )
    ).items;
    expect(
      toCoordinator
        .filter((n) => n.directiveId === directive.id)
        .map((n) => n.taskId)
        .sort(),
    ).toEqual(tasks.map((t) => t.id).sort());
  });

  it('sends every notice exactly once: no two share task, kind and scheduled instant', async () => {
    for (const task of tasks) {
      const keys = (await notificationsOf(task, org.coordinator)).map((n) => `${n.kind}@${n.scheduledFor}`);
      expect(keys.length).toBeGreaterThanOrEqual(4);
      expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    }
  });

  it('shows every task as overdue and escalated, in the task views and in the directive progress', async () => {
    for (const task of tasks)
      expect(await getTask(stack, task.id, clerk())).toMatchObject({
        status: 'assigned',
        overdue: true,
        escalated: true,
      });
    expect((await getDirective(stack, directive.id, clerk())).progress).toEqual({
      total: 7,
      active: 7,
      byStatus: { assigned: 7 },
      overdue: 7,
      escalated: 7,
    });
    const overdue = (
      await listAll<TaskView>(stack, `/tasks?directiveId=${directive.id}&overdue=true`, 500, undefined, clerk())
    ).items;
    expect(overdue).toHaveLength(7);
  });

  it('extend: moves the deadline, keeps the original, resolves the escalation, and re-plans the reminders from the new deadline', async () => {
    const task = tasks[1]!;
    const escalation = await escalationOfTask(org.coordinator, task.id);
    const newDueAt = isoIn(8 * SECOND);

    const resolved = expectStatus(
      await stack.http.post<EscalationView>(
        `/escalations/${escalation.id}/resolve`,
        { action: 'extend', dueAt: newDueAt, note: 'Gia hạn lần cuối' },
        supervisor(),
      ),
      200,
    );
    expect(resolved).toMatchObject({
      id: escalation.id,
      status: 'resolved',
      resolvedBy: boss,
      resolution: { action: 'extend', dueAt: newDueAt },
    });
    expect(await getTask(stack, task.id, clerk())).toMatchObject({
      status: 'assigned',
      dueAt: newDueAt,
      originalDueAt: task.dueAt,
      escalated: false,
      overdue: false,
    });
    expect((await eventsOf(stack, task.id, clerk())).filter((e) => e.action === 'extend')).toEqual([
      expect.objectContaining({ actor: boss }),
    ]);

    // The schedule restarts from the new deadline: its at-deadline reminder comes, and no overdue
    // notice is sent between the extension and it (the task was not late under the new deadline).
    const notices = await pollUntil(
      () => notificationsOf(task, org.coordinator),
      (all) => all.some((n) => n.kind === 'reminder' && n.scheduledFor === newDueAt),
      { timeoutMs: 30_000, intervalMs: 500, description: `the at-deadline reminder for the new deadline ${newDueAt}` },
    );
    const resolvedAt = Date.parse(resolved.resolvedAt!);
    const inBetween = notices.filter(
      (n) =>
        n.kind === 'overdue' &&
        Date.parse(n.scheduledFor) > resolvedAt &&
        Date.parse(n.scheduledFor) <= Date.parse(newDueAt),
    );
    expect(inBetween).toEqual([]);
  });

  it('reassign: closes the task as reassigned and gives the other unit a new task of its own', async () => {
    const task = tasks[2]!;
    const escalation = await escalationOfTask(org.coordinator, task.id);
    const toUnitId = org.spares[0]!;
    const dueAt = isoIn(30 * DAY);

    const resolved = expectStatus(
      await stack.http.post<EscalationView>(
        `/escalations/${escalation.id}/resolve`,
        { action: 'reassign', toUnitId, dueAt },
        supervisor(),
      ),
      200,
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedBy: boss,
      resolution: { action: 'reassign', toUnitId },
    });

    const old = await getTask(stack, task.id, clerk());
    expect(old).toMatchObject({ status: 'reassigned', escalated: false });
    expect(old.closedAt).not.toBeNull();
    expect(old.reassignedToTaskId).not.toBeNull();

    const successor = await pollUntil(
      async () => (await tasksOf(stack, directive.id, clerk())).find((t) => t.unitId === toUnitId),
      (t) => t !== undefined && t.activatedAt !== null,
      { timeoutMs: 30_000, description: `the new task of ${toUnitId} to become active` },
    );
    expect(successor).toMatchObject({
      id: old.reassignedToTaskId,
      reassignedFromTaskId: task.id,
      role: 'lead',
      status: 'assigned',
      dueAt,
    });
    expect(await eventsOf(stack, task.id, clerk())).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'reassign', actor: boss, toStatus: 'reassigned' })]),
    );

    // The new task is a real one: its unit can act on it.
    const acknowledged = expectStatus(
      await stack.http.post<TaskView>(`/tasks/${successor!.id}/acknowledge`, {}, asOfficer(toUnitId, 'so.1')),
      200,
    );
    expect(acknowledged.status).toBe('acknowledged');
    const progress = (await getDirective(stack, directive.id, clerk())).progress!;
    expect(progress.total).toBe(tasks.length + 1);
    expect(progress.byStatus.reassigned).toBe(1);
  });

  it('waive: closes the task as waived', async () => {
    const task = tasks[3]!;
    const escalation = await escalationOfTask(org.coordinator, task.id);
    const resolved = expectStatus(
      await stack.http.post<EscalationView>(
        `/escalations/${escalation.id}/resolve`,
        { action: 'waive', note: 'Không còn cần thiết' },
        supervisor(),
      ),
      200,
    );
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: boss, resolution: { action: 'waive' } });
    const waived = await getTask(stack, task.id, clerk());
    expect(waived).toMatchObject({ status: 'waived', escalated: false, overdue: false });
    expect(waived.closedAt).not.toBeNull();
    expect(
      expectError(await stack.http.post(`/tasks/${task.id}/acknowledge`, {}, asOfficer(task.unitId)), 409).details,
    ).toMatchObject({ status: 'waived' });
  });

  it('remind: sends the unit a reminder carrying the note, and keeps the escalation open (the issue says: notify again, keep it open)', async () => {
    const task = tasks[4]!;
    const escalation = await escalationOfTask(org.coordinator, task.id);
    const note = 'Đề nghị khẩn trương báo cáo';

    const answered = expectStatus(
      await stack.http.post<EscalationView>(
        `/escalations/${escalation.id}/resolve`,
        { action: 'remind', note },
        supervisor(),
      ),
      200,
    );
    const reminders = (await notificationsOf(task, org.coordinator)).filter(
      (n) => n.kind === 'reminder' && n.message.includes(note),
    );
    expect(reminders).toEqual([expect.objectContaining({ unitId: task.unitId })]);
    expect((await eventsOf(stack, task.id, clerk())).filter((e) => e.actor === boss)).toEqual([
      expect.objectContaining({ action: 'remind' }),
    ]);
    expect(await getTask(stack, task.id, clerk())).toMatchObject({ status: 'assigned' });

    expect(answered).toMatchObject({ id: escalation.id, status: 'open', resolution: null });
    expect(await escalationOfTask(org.coordinator, task.id)).toMatchObject({ id: escalation.id, status: 'open' });
    expect(await getTask(stack, task.id, clerk())).toMatchObject({ escalated: true });
    // Still open, so the supervisor can decide again; reminding twice sends two notices.
    expectStatus(
      await stack.http.post(
        `/escalations/${escalation.id}/resolve`,
        { action: 'remind', note: `${note} (lần 2)` },
        supervisor(),
      ),
      200,
    );
    const again = (await notificationsOf(task, org.coordinator)).filter(
      (n) => n.kind === 'reminder' && n.message.includes(note),
    );
    expect(again).toHaveLength(2);
  });

  it('closes the open escalation when the unit submits its work', async () => {
    const task = tasks[5]!;
    const escalation = await escalationOfTask(org.coordinator, task.id);
    const submitted = expectStatus(
      await stack.http.post<TaskView>(
        `/tasks/${task.id}/submit`,
        { report: 'Báo cáo muộn' },
        asOfficer(task.unitId, 'huyen.6'),
      ),
      200,
    );
    expect(submitted).toMatchObject({ status: 'completed', escalated: false, overdue: false });
    expect(await escalationOfTask(org.coordinator, task.id)).toMatchObject({
      id: escalation.id,
      status: 'closed',
      resolvedBy: 'huyen.6',
    });
    expect((await getDirective(stack, directive.id, clerk())).progress?.byStatus.completed).toBe(1);
  });

  it('closes the open escalation when an extension request is approved', async () => {
    const task = tasks[6]!;
    const requestedDueAt = isoIn(20 * DAY);
    const request = expectStatus(
      await stack.http.post<{ id: string }>(
        `/tasks/${task.id}/extension-requests`,
        { requestedDueAt, reason: 'Chờ ý kiến Thường trực' },
        asOfficer(task.unitId, 'huyen.7'),
      ),
      201,
    );
    // The issuing unit decides extensions: its clerk approves, under the same name.
    expectStatus(await stack.http.post(`/extension-requests/${request.id}/approve`, {}, clerk(boss)), 200);
    expect(await getTask(stack, task.id, clerk())).toMatchObject({
      status: 'assigned',
      dueAt: requestedDueAt,
      originalDueAt: task.dueAt,
      escalated: false,
      overdue: false,
    });
    expect(await escalationOfTask(org.coordinator, task.id)).toMatchObject({ status: 'closed', resolvedBy: boss });
  });

  it('refuses to resolve an escalation that is no longer open with 409', async () => {
    const escalation = await escalationOfTask(org.coordinator, tasks[3]!.id);
    expect(escalation.status).toBe('resolved');
    const again = expectError(
      await stack.http.post(`/escalations/${escalation.id}/resolve`, { action: 'waive' }, supervisor()),
      409,
    );
    expect(again.details).toMatchObject({ status: 'resolved' });
  });
});

describe('a task finished in time', () => {
  it('is never escalated, and its schedule stops once it is done', async () => {
    const org = await anOrg().create(stack);
    const clerk = asClerk(org.issuer);
    const directive = await aDirective(org).dueAt(isoIn(DUE_IN_MS)).withPolicy(POLICY).issue(stack);
    await waitUntilAllActive(stack, directive.id, undefined, clerk);
    const [task] = await tasksOf(stack, directive.id, clerk);
    expectStatus(
      await stack.http.post(
        `/tasks/${task!.id}/submit`,
        { report: 'Đã hoàn thành trước hạn' },
        asOfficer(task!.unitId),
      ),
      200,
    );

    // Wait past the escalation instant by watching another task of the same policy escalate.
    const witness = await aDirective(org).dueAt(isoIn(DUE_IN_MS)).withPolicy(POLICY).issue(stack);
    await pollUntil(
      () => escalationsOf(org.coordinator, witness.id),
      (open) => open.length === 1,
      {
        timeoutMs: DUE_IN_MS + ESCALATE_AFTER_MS + 45_000,
        intervalMs: 500,
        description: 'the witness task to escalate',
      },
    );
    expect(await escalationsOf(org.coordinator, directive.id)).toEqual([]);
    const done = await getTask(stack, task!.id, clerk);
    expect(done).toMatchObject({ status: 'completed', overdue: false, escalated: false });
    const afterSubmission = (await notificationsOf(task!, org.coordinator)).filter(
      (n) => Date.parse(n.scheduledFor) > Date.parse(done.submittedAt!),
    );
    expect(afterSubmission).toEqual([]);
  }, 120_000);
});

describe('an escalation nobody resolves', () => {
  it('climbs from the city’s steering committee to the province’s and then the centre’s, each after its own grace period; resolved at any level, it is resolved for all', async () => {
    const p = `e${unique()}`;
    const centre = { committee: `${p}/tw`, board: `${p}/tw/bcd35` };
    const province = { committee: `${p}/tinh-uy`, board: `${p}/tinh-uy/bcd35` };
    const city = { committee: `${p}/thanh-uy`, board: `${p}/thanh-uy/bcd35` };
    const commune = `${p}/thanh-uy/xa-1`;
    const GRACE_MS = 3 * SECOND;
    const units = [
      { id: centre.committee, name: 'Ban Chấp hành Trung ương', level: 'central', coordinatingUnitId: centre.board },
      {
        id: centre.board,
        name: 'Ban Chỉ đạo 35 Trung ương',
        level: 'agency',
        parentId: centre.committee,
        kind: 'steering-committee',
      },
      {
        id: province.committee,
        name: 'Tỉnh ủy',
        level: 'province',
        parentId: centre.committee,
        coordinatingUnitId: province.board,
      },
      {
        id: province.board,
        name: 'Ban Chỉ đạo 35 Tỉnh ủy',
        level: 'agency',
        parentId: province.committee,
        escalationGrace: 'PT3S',
      },
      {
        id: city.committee,
        name: 'Thành ủy',
        level: 'district',
        parentId: province.committee,
        coordinatingUnitId: city.board,
      },
      {
        id: city.board,
        name: 'Ban Chỉ đạo 35 Thành ủy',
        level: 'agency',
        parentId: city.committee,
        escalationGrace: 'PT3S',
      },
      { id: commune, name: 'Đảng ủy xã 1', level: 'commune', parentId: city.committee },
    ];
    // A grace period that is not a positive ISO-8601 duration is refused, naming the field.
    const admin = asAdmin();
    expect(
      fieldsOf(
        expectError(
          await stack.http.post('/units', { units: [{ ...units[5]!, escalationGrace: '3 giây' }] }, admin),
          400,
        ),
      ),
    ).toEqual(['units[0].escalationGrace']);
    expectStatus(await stack.http.post('/units', { units }, admin), 200);
    expect(expectStatus(await stack.http.get<UnitView>(`/units/${city.board}`), 200).escalationGrace).toBe('PT3S');

    const org: Org = {
      prefix: p,
      province: province.committee,
      coordinator: city.board,
      issuer: city.committee,
      recipients: [commune],
      spares: [],
    };
    const directive = await aDirective(org)
      .dueAt(isoIn(DUE_IN_MS))
      .withPolicy({ before: [], atDeadline: false, overdueEvery: null, escalateAfter: 'PT2S' })
      .issue(stack);
    // The city committee issues: its clerk reads the directive, the task and its history.
    const clerk = asClerk(city.committee);
    await waitUntilAllActive(stack, directive.id, undefined, clerk);
    const [task] = await tasksOf(stack, directive.id, clerk);
    const climbed = await pollUntil(
      () => escalationOfTask(city.board, task!.id),
      (e) => e.level === 3,
      { timeoutMs: DUE_IN_MS + 60 * SECOND, description: 'the escalation to reach the centre' },
    );
    expect(climbed).toMatchObject({
      status: 'open',
      coordinatingUnitId: city.board,
      currentCoordinatingUnitId: centre.board,
    });
    expect(climbed.levels.map((l) => [l.level, l.coordinatingUnitId])).toEqual([
      [1, city.board],
      [2, province.board],
      [3, centre.board],
    ]);
    // Each body had its own grace period before the escalation left it.
    const [first, second, third] = climbed.levels.map((l) => Date.parse(l.openedAt));
    expect(first! - Date.parse(task!.dueAt)).toBeGreaterThanOrEqual(2 * SECOND);
    expect(second! - first!).toBeGreaterThanOrEqual(GRACE_MS);
    expect(third! - second!).toBeGreaterThanOrEqual(GRACE_MS);

    const climbs = (await eventsOf(stack, task!.id, clerk)).filter((e) => e.action === 'escalate_up');
    expect(climbs.map((e) => [e.actor, e.data.level, e.data.coordinatingUnitId, e.data.fromUnitId])).toEqual([
      ['system', 2, province.board, city.board],
      ['system', 3, centre.board, province.board],
    ]);
    // A body hears when an escalation reaches it, and again when it passes above it (its supervisor reads its notices).
    const noticesTo = async (body: string) =>
      (
        await listAll<NotificationView>(
          stack,
          `/notifications?unitId=${encodeURIComponent(body)}&kind=escalation`,
          50,
          undefined,
          asSupervisor(body),
        )
      ).items.filter((n) => n.taskId === task!.id);
    expect(await noticesTo(city.board)).toHaveLength(2);
    expect(await noticesTo(province.board)).toHaveLength(2);
    expect(await noticesTo(centre.board)).toHaveLength(1);

    // Every body it reached sees it; only the centre holds it now.
    for (const body of [city.board, province.board, centre.board]) {
      expect(
        (await escalationsOf(body, directive.id, `coordinatingUnitId=${encodeURIComponent(body)}&status=open`)).map(
          (e) => e.id,
        ),
      ).toEqual([climbed.id]);
    }
    expect(
      await escalationsOf(
        province.board,
        directive.id,
        `currentCoordinatingUnitId=${encodeURIComponent(province.board)}`,
      ),
    ).toEqual([]);
    expect(
      (
        await escalationsOf(centre.board, directive.id, `currentCoordinatingUnitId=${encodeURIComponent(centre.board)}`)
      ).map((e) => e.id),
    ).toEqual([climbed.id]);

    // The province's board decides, though the escalation has gone above it: closed for all.
    const resolved = expectStatus(
      await stack.http.post<EscalationView>(
        `/escalations/${climbed.id}/resolve`,
        { action: 'waive', note: 'Xã đã sáp nhập' },
        asSupervisor(province.board, 'bcd35.tinh'),
      ),
      200,
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedBy: 'bcd35.tinh',
      level: 3,
      resolution: { action: 'waive' },
    });
    for (const body of [city.board, province.board, centre.board]) {
      expect(
        await escalationsOf(body, directive.id, `coordinatingUnitId=${encodeURIComponent(body)}&status=open`),
      ).toEqual([]);
    }
    expect((await getTask(stack, task!.id, clerk)).status).toBe('waived');
  });
});
