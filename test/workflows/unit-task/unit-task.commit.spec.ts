/**
 * A change commits whole or not at all: when the read model cannot take a change (text
 * PostgreSQL refuses, or a database that stays unreachable), the Update fails with a typed
 * failure, the task keeps its state, and the next valid change works.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import {
  acknowledgeUpdate,
  amendDeadlineUpdate,
  decideExtensionUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  resolveEscalationUpdate,
  returnUpdate,
  submitUpdate,
  taskStateQuery,
  type UnitTaskView,
} from '@dondoc/workflows/unit-task/contract';
import type { unitTaskWorkflow } from '@dondoc/workflows/unit-task/unit-task.workflow';
import { FailureType, type DataRejectedDetails } from '@dondoc/workflows/shared/failures';
import { eventually } from '../support/eventually';
import type { FakeDondocActivities } from '../support/fake-activities';
import { rejectionOf } from '../support/rejections';
import { withStartedTask, type StartedTaskOptions } from '../support/started-task';
import { useTestbed } from '../support/testbed';
import { iso, ms } from '../support/time';

const testbed = useTestbed();

const OFFICER = 'chuyen-vien-so-tai-chinh';
const REVIEWER = 'lanh-dao-van-phong';
const SUPERVISOR = 'pho-chanh-van-phong';
/** Text PostgreSQL refuses: NUL, and a high surrogate with no low one after it. */
const NUL = 'Đã xong\u0000 phần 1';
const LONE_SURROGATE = 'Lý do \uD83D';

type Handle = WorkflowHandle<typeof unitTaskWorkflow>;

/** One kind of change carrying free text: how to reach a state where it may be sent, and the Update itself. */
interface PoisonCase {
  change: string;
  field: string;
  poison: string;
  reviewRequired?: boolean;
  /** Brings the task to where the change is allowed; returns what the change needs. */
  prepare?: (
    handle: Handle,
    fake: FakeDondocActivities,
    taskId: string,
  ) => Promise<{ requestId?: string; escalationId?: string }>;
  send: (handle: Handle, text: string, ids: { requestId?: string; escalationId?: string }) => Promise<UnitTaskView>;
}

const later = (days: number) => async () => iso((await testbed.now()) + ms(`${days} days`));

const requestExtension = async (handle: Handle) => {
  const requestId = randomUUID();
  await handle.executeUpdate(requestExtensionUpdate, {
    args: [{ actor: OFFICER, requestId, requestedDueAt: await later(20)(), reason: 'Cần thêm số liệu' }],
  });
  return { requestId };
};

const CASES: PoisonCase[] = [
  {
    change: 'a progress note',
    field: 'note',
    poison: NUL,
    send: (handle, note) =>
      handle.executeUpdate(reportProgressUpdate, { args: [{ actor: OFFICER, percent: 40, note }] }),
  },
  {
    change: 'a submitted report',
    field: 'report',
    poison: NUL,
    send: (handle, report) => handle.executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report }] }),
  },
  {
    change: 'an extension request’s reason',
    field: 'reason',
    poison: LONE_SURROGATE,
    send: async (handle, reason) =>
      handle.executeUpdate(requestExtensionUpdate, {
        args: [{ actor: OFFICER, requestId: randomUUID(), requestedDueAt: await later(20)(), reason }],
      }),
  },
  {
    change: 'an extension decision’s reason',
    field: 'reason',
    poison: NUL,
    prepare: requestExtension,
    send: (handle, reason, { requestId }) =>
      handle.executeUpdate(decideExtensionUpdate, {
        args: [{ actor: REVIEWER, requestId: requestId!, approve: true, reason }],
      }),
  },
  {
    change: 'a return reason',
    field: 'reason',
    poison: LONE_SURROGATE,
    reviewRequired: true,
    prepare: async (handle) => {
      await handle.executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report: 'Báo cáo lần 1' }] });
      return {};
    },
    send: (handle, reason) => handle.executeUpdate(returnUpdate, { args: [{ actor: REVIEWER, reason }] }),
  },
  {
    change: 'an amended deadline’s reason',
    field: 'reason',
    poison: NUL,
    send: async (handle, reason) =>
      handle.executeUpdate(amendDeadlineUpdate, { args: [{ actor: REVIEWER, dueAt: await later(30)(), reason }] }),
  },
  {
    change: 'an escalation note',
    field: 'note',
    poison: NUL,
    prepare: async (handle, fake, taskId) => {
      // Due in 3 days, escalated a day late: skip past it and wait for the escalation to open.
      await testbed.skip('4 days');
      await testbed.skip('1 hour');
      const escalationId = await eventually(() => {
        const opened = fake.changesOf(taskId).find((c) => c.escalation?.op === 'open');
        expect(opened).toBeDefined();
        return opened!.escalation!.escalationId;
      });
      await testbed.untilIdle(handle);
      return { escalationId };
    },
    send: (handle, note, { escalationId }) =>
      handle.executeUpdate(resolveEscalationUpdate, {
        args: [{ actor: SUPERVISOR, escalationId: escalationId!, action: 'remind', note }],
      }),
  },
];

describe('unit task changes commit whole or not at all', () => {
  it.each(CASES)(
    '$change the database cannot store fails with DATA_REJECTED naming the field, leaves the task as it was, and a valid one then works',
    async (c) => {
      const started: StartedTaskOptions = {
        dueIn: '3 days',
        seeded: true,
        with: { reviewRequired: c.reviewRequired ?? false },
      };
      await withStartedTask(testbed, started, async ({ fake, input, handle }) => {
        const ids = (await c.prepare?.(handle, fake, input.taskId)) ?? {};
        const before = await handle.query(taskStateQuery);
        const written = fake.changesOf(input.taskId);

        const failure = await rejectionOf(c.send(handle, c.poison, ids));
        expect(failure.type).toBe(FailureType.DataRejected);
        expect(failure.details?.[0]).toMatchObject<Partial<DataRejectedDetails>>({ field: c.field, conflict: false });

        expect(await handle.query(taskStateQuery)).toEqual(before);
        expect(fake.changesOf(input.taskId)).toEqual(written);
        expect(fake.task(input.taskId)?.status).toBe(before.status);

        const after = await c.send(handle, 'Nội dung hợp lệ', ids);
        const changes = fake.changesOf(input.taskId);
        expect(changes).toHaveLength(written.length + 1);
        // The refused change's sequence is used again: nothing was written under it.
        expect(changes.map((ch) => ch.sequence)).toEqual(changes.map((_, i) => i + 1));
        expect(fake.task(input.taskId)?.status).toBe(after.status);
      });
    },
  );

  it('a change shows in the state only once written, and changes sent together are written one after another, in order', async () => {
    await withStartedTask(testbed, { dueIn: '10 days', seeded: true }, async ({ fake, input, handle }) => {
      const held = fake.hold('recordTaskChange');
      const acknowledged = handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: OFFICER }] });
      await eventually(() => expect(fake.callsOf('recordTaskChange')).toHaveLength(1));
      const progressed = handle.executeUpdate(reportProgressUpdate, {
        args: [{ actor: OFFICER, percent: 50, note: 'Một nửa' }],
      });
      const submitted = rejectionOf(handle.executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report: NUL }] }));
      // While the first write is held: the state has not moved, and the second change waits its turn.
      expect(await handle.query(taskStateQuery)).toMatchObject({ status: 'assigned' });
      expect(fake.callsOf('recordTaskChange')).toHaveLength(1);
      held.release();

      expect(await acknowledged).toMatchObject({ status: 'acknowledged' });
      expect(await progressed).toMatchObject({ status: 'in_progress' });
      expect((await submitted).type).toBe(FailureType.DataRejected);
      expect(fake.changesOf(input.taskId).map((c) => [c.sequence, c.action, c.fromStatus, c.toStatus])).toEqual([
        [1, 'acknowledge', 'assigned', 'acknowledged'],
        [2, 'progress', 'acknowledged', 'in_progress'],
      ]);
      expect(await handle.query(taskStateQuery)).toMatchObject({ status: 'in_progress' });
    });
  });

  it('a write that fails until its retries run out answers NOT_RECORDED, keeps the task as it was and notes it on the memo; the next Update works', async () => {
    await withStartedTask(testbed, { dueIn: '10 days', seeded: true }, async ({ fake, input, handle }) => {
      const before = await handle.query(taskStateQuery);

      fake.failTaskChanges(1_000);
      const update = rejectionOf(
        handle.executeUpdate(reportProgressUpdate, { args: [{ actor: OFFICER, percent: 30, note: 'Đang làm' }] }),
      );
      // The retries' back-off is server time: skip over it.
      await eventually(() => expect(fake.callsOf('recordTaskChange').length).toBeGreaterThan(0));
      await testbed.skip('5 minutes');
      const failure = await update;
      expect(failure.type).toBe(FailureType.NotRecorded);
      expect(fake.callsOf('recordTaskChange')).toHaveLength(8);
      expect(await handle.query(taskStateQuery)).toEqual(before);
      expect(fake.changesOf(input.taskId)).toEqual([]);
      const memo = (await handle.describe()).memo as { lastUnrecordedChange?: Record<string, unknown> } | undefined;
      expect(memo?.lastUnrecordedChange).toMatchObject({
        taskId: input.taskId,
        sequence: 1,
        action: 'progress',
        reason: 'unrecorded',
      });

      fake.failTaskChanges(0);
      expect(
        await handle.executeUpdate(reportProgressUpdate, { args: [{ actor: OFFICER, percent: 30, note: 'Đang làm' }] }),
      ).toMatchObject({ status: 'in_progress' });
      // Sequence 1 is in doubt (an attempt may have committed and lost its answer): it is given up.
      expect(fake.changesOf(input.taskId).map((c) => [c.sequence, c.action])).toEqual([[2, 'progress']]);
      expect(fake.task(input.taskId)?.status).toBe('in_progress');
    });
  });

  it('a write whose attempts ran out after one of them committed does not swallow the next change: its sequence is given up', async () => {
    const started: StartedTaskOptions = { dueIn: '10 days', seeded: true, with: { reviewRequired: true } };
    await withStartedTask(testbed, started, async ({ fake, input, handle }) => {
      fake.failTaskChanges(1_000, { afterCommit: true });
      const update = rejectionOf(
        handle.executeUpdate(reportProgressUpdate, { args: [{ actor: OFFICER, percent: 30, note: 'Đang làm' }] }),
      );
      await eventually(() => expect(fake.callsOf('recordTaskChange').length).toBeGreaterThan(0));
      await testbed.skip('5 minutes');
      expect((await update).type).toBe(FailureType.NotRecorded);
      expect(await handle.query(taskStateQuery)).toMatchObject({ status: 'assigned' });

      fake.failTaskChanges(0);
      expect(await handle.executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report: 'Báo cáo' }] })).toMatchObject(
        { status: 'submitted' },
      );
      // The committed-but-unanswered change stays in the read model; the next one lands after it and the row agrees with the workflow.
      expect(fake.changesOf(input.taskId).map((c) => [c.sequence, c.action])).toEqual([
        [1, 'progress'],
        [2, 'submit'],
      ]);
      expect(fake.task(input.taskId)?.status).toBe('submitted');
    });
  });

  it('a withdrawal whose write runs out of retries is written later, and the task then ends cancelled', async () => {
    await withStartedTask(testbed, { dueIn: '10 days', seeded: true, idle: true }, async ({ fake, input, handle }) => {
      fake.failTaskChanges(8);
      await handle.cancel();
      await eventually(() => expect(fake.callsOf('recordTaskChange').length).toBeGreaterThan(0));
      await testbed.skip('5 minutes');
      await eventually(() => expect(fake.changesOf(input.taskId).map((c) => c.action)).toEqual(['cancel']));
      // Eight attempts ran out (NOT_RECORDED), then the try a minute later wrote it.
      expect(fake.callsOf('recordTaskChange')).toHaveLength(9);
      expect(await handle.result()).toMatchObject({ status: 'cancelled' });
      expect(fake.task(input.taskId)?.status).toBe('cancelled');
    });
  });

  it('a reminder whose write fails for good is tried again later, once, with the cursor unmoved, and goes out when the database is back', async () => {
    await withStartedTask(testbed, { dueIn: '3 days', seeded: true }, async ({ fake, input, due }) => {
      fake.failTaskChanges(1_000);
      await testbed.skipTo(due - ms('3 days') + ms('10 minutes'));
      await eventually(() => expect(fake.callsOf('recordTaskChange').length).toBeGreaterThanOrEqual(16));
      expect(fake.notificationsOf(input.taskId)).toEqual([]);

      fake.failTaskChanges(0);
      await testbed.skip('2 hours');
      await eventually(() => expect(fake.notificationsOf(input.taskId)).toHaveLength(1));
      const changes = fake.changesOf(input.taskId);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({
        action: 'remind',
        data: { scheduledFor: iso(due - ms('3 days')), late: true },
      });
      expect(fake.notificationsOf(input.taskId)[0]?.message).toContain('gửi muộn');
    });
  });
});
