/**
 * Issue 13 on the real stack: comments on a task between its unit, the issuer and the
 * coordinating body, each told to the other side through the outbox, edited within 15 minutes
 * with the earlier text kept, deleted as a tombstone, and audited.
 */
import { Client } from 'pg';
import {
  asClerk,
  asOfficer,
  asSupervisor,
  eventsOf,
  expectError,
  expectStatus,
  listAll,
  type CommentView,
  type Page,
  type TaskEventView,
} from './support/api';
import { anOrg, type Org } from './support/builders';
import { auditOf, aRunningTask } from './support/people';
import { pollUntil } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();

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
    const task = await aRunningTask(stack, org);
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
    expect((await auditOf(stack, task.id)).filter((r) => r.action === 'comment.add').map((r) => r.actor)).toEqual([
      'can.bo.1',
      'van.thu',
      'giam.sat',
    ]);
    // Outside the task's scope the comments do not exist.
    expectError(await stack.http.get(`/tasks/${task.id}/comments`, asOfficer(org.recipients[1]!)), 404);
    expectError(await stack.http.post(`/tasks/${task.id}/comments`, { text: 'x' }, asOfficer(org.recipients[1]!)), 404);
  });

  it('the author edits within 15 minutes (earlier text kept) and deletes (a tombstone); nobody else may', async () => {
    const task = await aRunningTask(stack, org);
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
    expect((await auditOf(stack, task.id)).map((r) => r.action).filter((a) => a.startsWith('comment.'))).toEqual([
      'comment.add',
      'comment.edit',
      'comment.delete',
    ]);
  });

  it('refuses a blank comment and one over 10,000 characters, naming text', async () => {
    const task = await aRunningTask(stack, org);
    const officer = asOfficer(org.recipients[0]!);
    for (const text of ['   ', 'ệ'.repeat(10_001)]) {
      const refused = expectError(await stack.http.post(`/tasks/${task.id}/comments`, { text }, officer), 400);
      expect(refused.errors?.map((e) => e.field)).toEqual(['text']);
    }
    expectStatus(await stack.http.post(`/tasks/${task.id}/comments`, { text: 'ệ'.repeat(10_000) }, officer), 201);
    expectError(await stack.http.patch(`/tasks/${task.id}/comments/khong-co`, { text: 'x' }, officer), 404);
  });

  it('appear in the task’s events with include=comments: after the change they followed, a deleted one as a tombstone, paged', async () => {
    type TimelineEntry = TaskEventView & { id: string; kind: 'change' | 'comment' };
    const task = await aRunningTask(stack, org);
    const officer = asOfficer(org.recipients[0]!, 'can.bo.dong');
    const clerk = asClerk(org.issuer);
    /** The id of the newest change once the history holds more than `known` of them. */
    const newestChangeAfter = async (known: number): Promise<string> => {
      const changes = await pollUntil(
        async () => (await eventsOf(stack, task.id, officer)) as TimelineEntry[],
        (items) => items.length > known,
        { timeoutMs: 30_000, intervalMs: 200, description: `task ${task.id} to record more than ${known} changes` },
      );
      return changes[changes.length - 1]!.id;
    };
    const comment = async (text: string, who = officer): Promise<string> =>
      expectStatus(await stack.http.post<CommentView>(`/tasks/${task.id}/comments`, { text }, who), 201).id;

    const before = (await eventsOf(stack, task.id, officer)).length;
    expectStatus(await stack.http.post(`/tasks/${task.id}/progress`, { percent: 30, note: 'Bắt đầu' }, officer), 200);
    const progressed = await newestChangeAfter(before);
    const first = await comment('Đã nhận, đang triển khai.');
    const second = await comment('Đề nghị báo cáo trước ngày 15.', clerk);
    const changesSoFar = (await eventsOf(stack, task.id, officer)).length;
    expectStatus(await stack.http.post(`/tasks/${task.id}/progress`, { percent: 60, note: 'Gần xong' }, officer), 200);
    const progressedAgain = await newestChangeAfter(changesSoFar);
    const deleted = await comment('Viết nhầm.');
    expect((await stack.http.delete(`/tasks/${task.id}/comments/${deleted}`, officer)).status).toBe(204);
    const last = await comment('Đã gửi số liệu.', clerk);

    // Pages of two, so the cursor crosses from changes to comments and back.
    const { items, pageSizes } = await listAll<TimelineEntry>(
      stack,
      `/tasks/${task.id}/events?include=comments`,
      2,
      undefined,
      officer,
    );
    expect(pageSizes.length).toBeGreaterThan(2);
    const plain = (await eventsOf(stack, task.id, officer)) as TimelineEntry[];
    expect(plain.every((e) => e.kind === 'change')).toBe(true);
    // The changes keep their order and content; the comments come in where they were written.
    expect(items.filter((e) => e.kind === 'change')).toEqual(plain);
    const order = items
      .map((e) => e.id)
      .filter((id) => [progressed, first, second, progressedAgain, deleted, last].includes(id));
    expect(order).toEqual([progressed, first, second, progressedAgain, deleted, last]);
    const byId = new Map(items.map((e) => [e.id, e]));
    expect(byId.get(first)).toMatchObject({
      kind: 'comment',
      action: 'comment',
      actor: 'can.bo.dong',
      sequence: byId.get(progressed)!.sequence,
      fromStatus: byId.get(progressed)!.toStatus,
      toStatus: byId.get(progressed)!.toStatus,
      data: { commentId: first, authorUnitId: org.recipients[0], text: 'Đã nhận, đang triển khai.', deletedAt: null },
    });
    expect(byId.get(second)).toMatchObject({ actor: 'van.thu', data: { authorUnitId: org.issuer } });
    expect(byId.get(deleted)).toMatchObject({ kind: 'comment', data: { commentId: deleted, text: null } });
    expect(byId.get(deleted)!.data.deletedAt).not.toBeNull();

    // A cursor of the plain history is not one of this view, and include takes only `comments`.
    const plainPage = expectStatus(
      await stack.http.get<Page<TimelineEntry>>(`/tasks/${task.id}/events?limit=1`, officer),
      200,
    );
    expect(plainPage.nextCursor).not.toBeNull();
    const crossed = expectError(
      await stack.http.get(`/tasks/${task.id}/events?include=comments&cursor=${plainPage.nextCursor ?? ''}`, officer),
      400,
    );
    expect(crossed.errors?.map((e) => e.field)).toEqual(['cursor']);
    const unknown = expectError(await stack.http.get(`/tasks/${task.id}/events?include=attachments`, officer), 400);
    expect(unknown.errors?.map((e) => e.field)).toEqual(['include']);
  });
});
