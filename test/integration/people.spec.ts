/**
 * Issue 13 on the real stack: people known from their tokens and registered by admins, who in a
 * unit handles a task (claim, assign, hand back) with every refusal, and the audit trail of both.
 */
import { Client } from 'pg';
import {
  asAdmin,
  asClerk,
  asOfficer,
  asSupervisor,
  eventsOf,
  expectError,
  expectStatus,
  type CommentView,
  type MeView,
  type Page,
  type PersonView,
  type TaskView,
} from './support/api';
import { DAY, aDirective, anOrg, isoIn, type Org } from './support/builders';
import { pollUntil, type RequestOptions } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();

const asHead = (unit: string, actor = 'truong.phong'): RequestOptions => ({ actor, unit, roles: ['head'] });

interface AuditRecordView {
  actor: string;
  unitId: string | null;
  action: string;
  targetId: string;
  after: Record<string, unknown> | null;
}

async function auditOf(targetId: string): Promise<AuditRecordView[]> {
  const query = `targetId=${encodeURIComponent(targetId)}&limit=100`;
  return expectStatus(await stack.http.get<{ items: AuditRecordView[] }>(`/audit?${query}`, asAdmin()), 200).items;
}

/** A task of `org.recipients[0]` from the org's issuer, reviewed, its workflow running. */
async function aRunningTask(org: Org): Promise<TaskView> {
  const directive = await aDirective(org)
    .to(org.recipients[0]!)
    .withReview()
    .dueAt(isoIn(30 * DAY))
    .issue(stack);
  const clerk = asClerk(org.issuer);
  const [task] = await pollUntil(
    async () =>
      expectStatus(await stack.http.get<Page<TaskView>>(`/tasks?directiveId=${directive.id}`, clerk), 200).items,
    (items) => items.length === 1,
    { timeoutMs: 60_000, intervalMs: 200, description: `the task of directive ${directive.number} to be listed` },
  );
  return task!;
}

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
    expect((await auditOf(`${unit}:chuyen.vien.moi`)).map((r) => r.action)).toEqual([
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
    const task = await aRunningTask(org);
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
    const audited = (await auditOf(task.id)).filter((r) => r.action.startsWith('task.'));
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
    const task = await aRunningTask(org);
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
    const task = await aRunningTask(org);
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

describe('comments on a task', () => {
  let org: Org;
  beforeAll(async () => {
    org = await anOrg().withRecipients(2).create(stack);
  });

  /** The outbox's `comment.added` event of a comment. */
  async function commentEvent(commentId: string): Promise<{ data: Record<string, unknown>; unitId: string }> {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ payload: { data: Record<string, unknown>; unitId: string } }>(
        `SELECT payload FROM outbox_events WHERE id = $1`,
        [`comment.added/${commentId}`],
      );
      expect(rows.rows).toHaveLength(1);
      return rows.rows[0]!.payload;
    } finally {
      await db.end();
    }
  }

  it('the unit and the issuer talk: each comment told to the other side, listed oldest first, audited', async () => {
    const unit = org.recipients[0]!;
    const task = await aRunningTask(org);
    const officer = asOfficer(unit, 'can.bo.1');
    expectStatus(await stack.http.post(`/tasks/${task.id}/claim`, {}, officer), 200);
    const markdown = '**Đã triển khai** tới các chi bộ.\n\n<script>alert(1)</script> được lưu như văn bản.';
    const fromUnit = expectStatus(
      await stack.http.post<CommentView>(`/tasks/${task.id}/comments`, { text: markdown }, officer),
      201,
    );
    expect(fromUnit).toMatchObject({ text: markdown, author: { sub: 'can.bo.1', unitId: unit }, editedAt: null });
    expect((await commentEvent(fromUnit.id)).data).toMatchObject({
      text: markdown,
      recipientUnitId: org.issuer,
      recipientSub: null,
      by: { sub: 'can.bo.1', unitId: unit },
    });

    const fromIssuer = expectStatus(
      await stack.http.post<CommentView>(
        `/tasks/${task.id}/comments`,
        { text: 'Đề nghị bổ sung số liệu.' },
        asClerk(org.issuer),
      ),
      201,
    );
    expect((await commentEvent(fromIssuer.id)).data).toMatchObject({ recipientUnitId: unit, recipientSub: 'can.bo.1' });
    const fromBody = expectStatus(
      await stack.http.post<CommentView>(
        `/tasks/${task.id}/comments`,
        { text: 'Theo dõi.' },
        asSupervisor(org.coordinator),
      ),
      201,
    );
    expect(fromBody.author.unitId).toBe(org.coordinator);

    const listed = expectStatus(await stack.http.get<Page<CommentView>>(`/tasks/${task.id}/comments`, officer), 200);
    expect(listed.items.map((c) => c.id)).toEqual([fromUnit.id, fromIssuer.id, fromBody.id]);
    expect((await auditOf(task.id)).filter((r) => r.action === 'comment.add').map((r) => r.actor)).toEqual([
      'can.bo.1',
      'van.thu',
      'giam.sat',
    ]);
    // Outside the task's scope the comments do not exist.
    expectError(await stack.http.get(`/tasks/${task.id}/comments`, asOfficer(org.recipients[1]!)), 404);
    expectError(await stack.http.post(`/tasks/${task.id}/comments`, { text: 'x' }, asOfficer(org.recipients[1]!)), 404);
  });

  it('the author edits within 15 minutes (earlier text kept) and deletes (a tombstone); nobody else may', async () => {
    const task = await aRunningTask(org);
    const officer = asOfficer(org.recipients[0]!, 'can.bo.sua');
    const comment = expectStatus(
      await stack.http.post<CommentView>(`/tasks/${task.id}/comments`, { text: 'Bản nháp' }, officer),
      201,
    );
    const edited = expectStatus(
      await stack.http.patch<CommentView>(`/tasks/${task.id}/comments/${comment.id}`, { text: 'Bản sửa' }, officer),
      200,
    );
    expect(edited).toMatchObject({ text: 'Bản sửa', history: [{ text: 'Bản nháp' }] });
    expect(edited.editedAt).not.toBeNull();
    const someoneElse = expectError(
      await stack.http.patch(`/tasks/${task.id}/comments/${comment.id}`, { text: 'Sửa hộ' }, asClerk(org.issuer)),
      403,
    );
    expect(someoneElse.message).toBe('Chỉ người viết bình luận mới sửa hoặc xóa được bình luận đó.');

    // Sixteen minutes later, as far as the row says.
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE task_comments SET created_at = now() - interval '16 minutes' WHERE id = $1`, [comment.id]);
    } finally {
      await db.end();
    }
    const late = expectError(
      await stack.http.patch(`/tasks/${task.id}/comments/${comment.id}`, { text: 'Quá muộn' }, officer),
      409,
    );
    expect(late.message).toBe('Chỉ sửa được bình luận trong vòng 15 phút sau khi viết; hãy viết bình luận mới.');

    expectError(await stack.http.delete(`/tasks/${task.id}/comments/${comment.id}`, asClerk(org.issuer)), 403);
    expect((await stack.http.delete(`/tasks/${task.id}/comments/${comment.id}`, officer)).status).toBe(204);
    expect((await stack.http.delete(`/tasks/${task.id}/comments/${comment.id}`, officer)).status).toBe(204);
    const [tombstone] = expectStatus(
      await stack.http.get<Page<CommentView>>(`/tasks/${task.id}/comments`, officer),
      200,
    ).items;
    expect(tombstone).toMatchObject({ id: comment.id, text: null, history: [] });
    expect(tombstone!.deletedAt).not.toBeNull();
    expectError(
      await stack.http.patch(`/tasks/${task.id}/comments/${comment.id}`, { text: 'Sau khi xóa' }, officer),
      409,
    );
    expect((await auditOf(task.id)).map((r) => r.action).filter((a) => a.startsWith('comment.'))).toEqual([
      'comment.add',
      'comment.edit',
      'comment.delete',
    ]);
  });

  it('refuses a blank comment and one over 10,000 characters, naming text', async () => {
    const task = await aRunningTask(org);
    const officer = asOfficer(org.recipients[0]!);
    for (const text of ['   ', 'ệ'.repeat(10_001)]) {
      const refused = expectError(await stack.http.post(`/tasks/${task.id}/comments`, { text }, officer), 400);
      expect(refused.errors?.map((e) => e.field)).toEqual(['text']);
    }
    expectStatus(await stack.http.post(`/tasks/${task.id}/comments`, { text: 'ệ'.repeat(10_000) }, officer), 201);
    expectError(await stack.http.patch(`/tasks/${task.id}/comments/khong-co`, { text: 'x' }, officer), 404);
  });
});
