/**
 * Issue 13 on the real stack: people known from their tokens and registered by admins, who in a
 * unit handles a task (claim, assign, hand back) with every refusal, and the audit trail of both.
 * Comments are in task-comments.spec.ts.
 */
import { Client } from 'pg';
import { auditOf, aRunningTask } from './support/people';
import {
  asAdmin,
  asClerk,
  asOfficer,
  asSupervisor,
  eventsOf,
  expectError,
  expectStatus,
  type MeView,
  type Page,
  type PersonView,
  type TaskView,
} from './support/api';
import { anOrg, type Org } from './support/builders';
import type { RequestOptions } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();

const asHead = (unit: string, actor = 'truong.phong'): RequestOptions => ({ actor, unit, roles: ['head'] });

/** Makes the person known to their unit: their first request records their profile. */
async function signIn(person: RequestOptions): Promise<MeView> {
  return expectStatus(await stack.http.get<MeView>('/me', person), 200, 'GET /me');
}

describe('people', () => {
  let org: Org;
  beforeAll(async () => {
    org = await anOrg().withRecipients(2).create(stack);
  });

  it('GET /me answers the profile recorded from the token on first use, the unit, the roles and what they allow', async () => {
    const me = await signIn(asOfficer(org.recipients[0]!, 'can.bo.me'));
    expect(me).toMatchObject({
      profile: {
        sub: 'can.bo.me',
        unitId: org.recipients[0],
        rolesSeen: ['officer'],
        active: true,
        registeredBy: null,
      },
      unit: { id: org.recipients[0], name: 'Huyện ủy 1' },
      roles: ['officer'],
    });
    expect(me.profile.firstSeenAt).not.toBeNull();
    expect(me.may).toEqual(expect.arrayContaining(['tasks.claim', 'tasks.hand_back', 'tasks.comment']));
    expect(me.may).not.toContain('tasks.assign');
    // A second request within the refresh interval writes nothing: the first sign-in stays as it was.
    const again = await signIn(asOfficer(org.recipients[0]!, 'can.bo.me'));
    expect(again.profile.lastSeenAt).toBe(me.profile.lastSeenAt);
  });

  it('PATCH /me sets the notice kinds I am not e-mailed about; a wrong kind is a 400 naming mutedTopics[i]', async () => {
    const me = asOfficer(org.recipients[0]!, 'can.bo.tat');
    const changed = expectStatus(await stack.http.patch<MeView>('/me', { mutedTopics: ['overdue'] }, me), 200);
    expect(changed.profile).toMatchObject({ sub: 'can.bo.tat', mutedTopics: ['overdue'] });
    expect((await signIn(me)).profile.mutedTopics).toEqual(['overdue']);

    const wrong = expectError(await stack.http.patch('/me', { mutedTopics: ['overdue', 'spam', 'overdue'] }, me), 400);
    expect(wrong.errors).toEqual([
      {
        field: 'mutedTopics[1]',
        problem: 'phải là một trong các loại thông báo: assigned, reminder, overdue, returned, escalation, withdrawn',
      },
      { field: 'mutedTopics[2]', problem: 'loại thông báo này đã được nêu' },
    ]);
    expectError(await stack.http.patch('/me', { mutedTopics: 'overdue' }, me), 400);
    // Nothing of the refused requests was kept.
    expect((await signIn(me)).profile.mutedTopics).toEqual(['overdue']);
  });

  it('an admin registers a person ahead, lists them, deactivates them; each change is audited', async () => {
    const unit = org.recipients[1]!;
    const registered = expectStatus(
      await stack.http.post<PersonView>(
        `/units/${unit}/people`,
        { sub: 'chuyen.vien.moi', displayName: 'Nguyễn Thị Hoa', email: 'hoa.nt@example.gov.vn', roles: ['officer'] },
        asAdmin('quan.tri.1'),
      ),
      201,
    );
    expect(registered).toMatchObject({ sub: 'chuyen.vien.moi', firstSeenAt: null, registeredBy: 'quan.tri.1' });
    const again = expectError(
      await stack.http.post(`/units/${unit}/people`, { sub: 'chuyen.vien.moi' }, asAdmin()),
      409,
    );
    expect(again.message).toBe(`Đơn vị ${unit} đã có người dùng chuyen.vien.moi.`);
    const badEmail = expectError(
      await stack.http.post(`/units/${unit}/people`, { sub: 'x.y', email: 'không phải e-mail' }, asAdmin()),
      400,
    );
    expect(badEmail.errors).toEqual([{ field: 'email', problem: 'phải là một địa chỉ e-mail' }]);

    const listed = expectStatus(
      await stack.http.get<Page<PersonView>>(`/units/${unit}/people`, asClerk(unit, 'van.thu.huyen')),
      200,
    );
    expect(listed.items.map((p) => p.sub)).toContain('chuyen.vien.moi');
    const one = expectStatus(
      await stack.http.get<PersonView>(`/units/${unit}/people/chuyen.vien.moi`, asClerk(unit, 'van.thu.huyen')),
      200,
    );
    expect(one).toMatchObject({ displayName: 'Nguyễn Thị Hoa', email: 'hoa.nt@example.gov.vn', active: true });
    expectError(await stack.http.get(`/units/${unit}/people/khong.co`, asAdmin()), 404);

    const deactivated = expectStatus(
      await stack.http.patch<PersonView>(`/units/${unit}/people/chuyen.vien.moi`, { active: false }, asAdmin()),
      200,
    );
    expect(deactivated.active).toBe(false);
    expectError(await stack.http.patch(`/units/${unit}/people/nobody`, { active: false }, asAdmin()), 404);
    const activeOnly = expectStatus(
      await stack.http.get<Page<PersonView>>(`/units/${unit}/people?active=true`, asAdmin()),
      200,
    );
    expect(activeOnly.items.map((p) => p.sub)).not.toContain('chuyen.vien.moi');
    expect((await auditOf(stack, `${unit}:chuyen.vien.moi`)).map((r) => r.action)).toEqual([
      'person.register',
      'person.deactivate',
    ]);
  });

  it('lists a unit’s people to its clerk and head and to a supervisor of the body over it, to no one else', async () => {
    const unit = org.recipients[0]!;
    for (const reader of [asClerk(unit), asHead(unit), asSupervisor(org.coordinator), asAdmin()])
      expectStatus(await stack.http.get(`/units/${unit}/people`, reader), 200, `GET people as ${reader.actor}`);
    for (const outsider of [asOfficer(unit), asClerk(org.issuer), asHead(org.recipients[1]!)]) {
      const refused = expectError(await stack.http.get(`/units/${unit}/people`, outsider), 403);
      expect(refused.message).toMatch(/^Chỉ quản trị viên, văn thư hoặc lãnh đạo của đơn vị/);
    }
    expectError(await stack.http.get('/units/khong-co/people', asAdmin()), 404);
  });
});

describe('who handles a task', () => {
  let org: Org;
  beforeAll(async () => {
    org = await anOrg().withRecipients(2).create(stack);
  });

  it('an officer claims, the head reassigns, the assignee hands back: each an event, in the audit trail and the filters', async () => {
    const unit = org.recipients[0]!;
    const task = await aRunningTask(stack, org);
    const first = asOfficer(unit, 'can.bo.1');
    const second = asOfficer(unit, 'can.bo.2');
    await signIn(second);

    const claimed = expectStatus(await stack.http.post<TaskView>(`/tasks/${task.id}/claim`, {}, first), 200);
    expect(claimed).toMatchObject({ assignee: 'can.bo.1', status: 'assigned' });
    const mine = expectStatus(await stack.http.get<Page<TaskView>>(`/tasks?assignee=me`, first), 200);
    expect(mine.items.map((t) => t.id)).toEqual([task.id]);
    expect(
      expectStatus(await stack.http.get<Page<TaskView>>(`/tasks?assignee=none`, first), 200).items.map((t) => t.id),
    ).not.toContain(task.id);
    expect(
      expectStatus(await stack.http.get<Page<TaskView>>(`/tasks?assignee=me`, second), 200).items.map((t) => t.id),
    ).toEqual([]);

    const taken = expectError(await stack.http.post(`/tasks/${task.id}/claim`, {}, second), 409);
    expect(taken.message).toBe(
      'Công việc này đã có người xử lý (can.bo.1); chỉ lãnh đạo hoặc văn thư của đơn vị mới giao lại được.',
    );

    const reassigned = expectStatus(
      await stack.http.post<TaskView>(`/tasks/${task.id}/assign`, { assignee: 'can.bo.2' }, asHead(unit)),
      200,
    );
    expect(reassigned.assignee).toBe('can.bo.2');
    expect(
      expectStatus(await stack.http.get<Page<TaskView>>(`/tasks?assignee=can.bo.2`, asClerk(unit)), 200).items.map(
        (t) => t.id,
      ),
    ).toEqual([task.id]);

    const notTheirs = expectError(await stack.http.post(`/tasks/${task.id}/hand-back`, {}, first), 409);
    expect(notTheirs.message).toBe('Chỉ người đang xử lý công việc (can.bo.2) mới trả lại được.');
    const handedBack = expectStatus(await stack.http.post<TaskView>(`/tasks/${task.id}/hand-back`, {}, second), 200);
    expect(handedBack.assignee).toBeNull();

    const events = await eventsOf(stack, task.id, first);
    expect(events.map((e) => [e.action, e.actor, e.data['assignee']])).toEqual([
      ['claim', 'can.bo.1', 'can.bo.1'],
      ['assign', 'truong.phong', 'can.bo.2'],
      ['hand_back', 'can.bo.2', null],
    ]);
    const audited = (await auditOf(stack, task.id)).filter((r) => r.action.startsWith('task.'));
    expect(audited.map((r) => [r.action, r.actor, r.unitId, r.after?.['assignee']])).toEqual([
      ['task.claim', 'can.bo.1', unit, 'can.bo.1'],
      ['task.assign', 'truong.phong', unit, 'can.bo.2'],
      ['task.hand_back', 'can.bo.2', unit, null],
    ]);
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const outbox = await db.query<{ type: string; payload: { data: Record<string, unknown> } }>(
        `SELECT type, payload FROM outbox_events WHERE task_id = $1 AND type = 'task.assignee_changed' ORDER BY id`,
        [task.id],
      );
      expect(outbox.rows.map((r) => [r.payload.data['action'], r.payload.data['assignee']]).sort()).toEqual([
        ['assign', 'can.bo.2'],
        ['claim', 'can.bo.1'],
        ['hand_back', null],
      ]);
    } finally {
      await db.end();
    }
  });

  it('refuses a person of another unit (400), an unknown one (400), a deactivated one (409), and anyone outside the unit (403)', async () => {
    const unit = org.recipients[0]!;
    const task = await aRunningTask(stack, org);
    await signIn(asOfficer(org.recipients[1]!, 'can.bo.khac'));
    const head = asHead(unit);

    const otherUnit = expectError(
      await stack.http.post(`/tasks/${task.id}/assign`, { assignee: 'can.bo.khac' }, head),
      400,
    );
    expect(otherUnit.errors).toEqual([
      { field: 'assignee', problem: `can.bo.khac không phải là người của đơn vị ${unit}` },
    ]);
    expectError(await stack.http.post(`/tasks/${task.id}/assign`, { assignee: 'ai.do' }, head), 400);
    const missing = expectError(await stack.http.post(`/tasks/${task.id}/assign`, {}, head), 400);
    expect(missing.errors?.map((e) => e.field)).toEqual(['assignee']);

    expectStatus(
      await stack.http.post(`/units/${unit}/people`, { sub: 'da.nghi', roles: ['officer'] }, asAdmin()),
      201,
    );
    expectStatus(await stack.http.patch(`/units/${unit}/people/da.nghi`, { active: false }, asAdmin()), 200);
    const deactivated = expectError(
      await stack.http.post(`/tasks/${task.id}/assign`, { assignee: 'da.nghi' }, head),
      409,
    );
    expect(deactivated.message).toBe(
      `da.nghi đã bị vô hiệu hóa trong đơn vị ${unit}; không thể giao công việc cho người này.`,
    );

    // The issuer's clerk reads the task but does not decide who in the unit handles it.
    const issuer = expectError(
      await stack.http.post(`/tasks/${task.id}/assign`, { assignee: null }, asClerk(org.issuer)),
      403,
    );
    expect(issuer.message).toBe(
      `Chỉ lãnh đạo hoặc văn thư của đơn vị ${unit} mới giao được người xử lý công việc ${task.id}.`,
    );
    // Another unit's officer does not even see it.
    expectError(await stack.http.post(`/tasks/${task.id}/claim`, {}, asOfficer(org.recipients[1]!)), 404);
    const events = await eventsOf(stack, task.id, asClerk(unit));
    expect(events).toEqual([]);
  });

  it('refuses every change of assignee once the task is closed (409 naming its status)', async () => {
    const unit = org.recipients[0]!;
    const task = await aRunningTask(stack, org);
    const officer = asOfficer(unit, 'can.bo.dong');
    expectStatus(await stack.http.post(`/tasks/${task.id}/claim`, {}, officer), 200);
    expectStatus(await stack.http.post(`/tasks/${task.id}/submit`, { report: 'Đã xong' }, officer), 200);
    expectStatus(await stack.http.post(`/tasks/${task.id}/accept`, {}, asClerk(org.issuer)), 200);
    for (const [path, body, who] of [
      ['hand-back', {}, officer],
      ['assign', { assignee: null }, asHead(unit)],
    ] as const) {
      const refused = expectError(await stack.http.post(`/tasks/${task.id}/${path}`, body, who), 409);
      expect(refused.message).toMatch(/^Công việc đã kết thúc \(trạng thái completed\)/);
    }
    const view = expectStatus(await stack.http.get<TaskView>(`/tasks/${task.id}`, officer), 200);
    expect(view).toMatchObject({ status: 'completed', assignee: 'can.bo.dong' });
  });
});
