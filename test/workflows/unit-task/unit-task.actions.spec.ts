/**
 * People's actions on a unit task, arriving as Updates: the review round trip, transitions the
 * validator rejects before they enter history, extension requests, and inform tasks.
 */
import { randomUUID } from 'node:crypto';
import {
  acceptUpdate,
  acknowledgeUpdate,
  decideExtensionUpdate,
  requestExtensionUpdate,
  returnUpdate,
  submitUpdate,
  taskStateQuery,
} from '@dondoc/workflows/unit-task/contract';
import { aUnitTask } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { acceptedUpdates, rejectionOf } from '../support/rejections';
import { useTestbed } from '../support/testbed';
import { iso, ms, nextWholeMinute } from '../support/time';

const testbed = useTestbed();

const UNIT_OFFICER = 'chuyen-vien-so-tai-chinh';
const REVIEWER = 'lanh-dao-van-phong';

/** "kind@scheduledFor" of every notification written for a task. */
function notices(fake: FakeDondocActivities, taskId: string): string[] {
  return fake.notificationsOf(taskId).map((n) => `${n.kind}@${n.scheduledFor}`);
}

describe('unit task review', () => {
  it('goes submitted → returned to in_progress with a reason → submitted → completed on accept, recording each step in order', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      const input = aUnitTask()
        .from(await testbed.now())
        .dueIn('10 days')
        .with({ reviewRequired: true })
        .build();
      const handle = await startTask(input);

      expect(
        await handle.executeUpdate(submitUpdate, { args: [{ actor: UNIT_OFFICER, report: 'Lần 1' }] }),
      ).toMatchObject({
        status: 'submitted',
        allowedActions: expect.arrayContaining(['accept', 'return']),
      });
      expect(
        await handle.executeUpdate(returnUpdate, { args: [{ actor: REVIEWER, reason: 'Thiếu phụ lục' }] }),
      ).toMatchObject({ status: 'in_progress' });
      expect(
        await handle.executeUpdate(submitUpdate, { args: [{ actor: UNIT_OFFICER, report: 'Lần 2' }] }),
      ).toMatchObject({ status: 'submitted' });
      expect(await handle.executeUpdate(acceptUpdate, { args: [{ actor: REVIEWER }] })).toMatchObject({
        status: 'completed',
        allowedActions: [],
      });
      expect(await handle.result()).toEqual({
        taskId: input.taskId,
        unitId: input.unitId,
        status: 'completed',
        successor: null,
      });

      const changes = fake.changesOf(input.taskId);
      expect(changes.map((c) => [c.sequence, c.action, c.actor, c.fromStatus, c.toStatus])).toEqual([
        [1, 'submit', UNIT_OFFICER, 'assigned', 'submitted'],
        [2, 'return', REVIEWER, 'submitted', 'in_progress'],
        [3, 'submit', UNIT_OFFICER, 'in_progress', 'submitted'],
        [4, 'accept', REVIEWER, 'submitted', 'completed'],
      ]);
      expect(changes[1]!.patch).toMatchObject({ returnReason: 'Thiếu phụ lục' });
      expect(changes[1]!.data).toEqual({ reason: 'Thiếu phụ lục' });
      expect(changes[2]!.patch).toMatchObject({ report: 'Lần 2', returnReason: null });
      expect(changes[3]!.patch).toMatchObject({ progressPercent: 100 });
      expect(changes[3]!.patch.completedAt).toBeDefined();
      expect(await acceptedUpdates(handle)).toEqual(['submit', 'return', 'submit', 'accept']);
    });
  });

  it('rejects accept on an assigned task as ILLEGAL_TRANSITION, naming what is allowed, and records nothing', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      const input = aUnitTask()
        .from(await testbed.now())
        .dueIn('10 days')
        .build();
      const handle = await startTask(input);

      const failure = await rejectionOf(handle.executeUpdate(acceptUpdate, { args: [{ actor: REVIEWER }] }));
      expect(failure.type).toBe('ILLEGAL_TRANSITION');
      expect(failure.nonRetryable).toBe(true);
      expect(failure.details).toEqual([
        {
          status: 'assigned',
          action: 'accept',
          allowedActions: [
            'acknowledge',
            'progress',
            'submit',
            'request_extension',
            'extend',
            'remind',
            'cancel',
            'waive',
            'reassign',
          ],
        },
      ]);

      expect(fake.calls).toEqual([]);
      expect(await acceptedUpdates(handle)).toEqual([]);
      expect(await handle.query(taskStateQuery)).toMatchObject({ status: 'assigned' });
    });
  });
});

describe('unit task extension requests', () => {
  it('an approved request moves the deadline and the reminders follow the new one', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startSeededTask }) => {
      const start = nextWholeMinute(await testbed.now());
      const input = aUnitTask().from(start).dueIn('5 days').build();
      const handle = await startSeededTask(input);
      const requestId = randomUUID();
      const requestedDue = start + ms('10 days');

      const pending = await handle.executeUpdate(requestExtensionUpdate, {
        args: [{ actor: UNIT_OFFICER, requestId, requestedDueAt: iso(requestedDue), reason: 'Chờ số liệu quý' }],
      });
      expect(pending).toMatchObject({ dueAt: input.dueAt, pendingExtensionIds: [requestId] });
      expect(fake.extensionRequest(requestId)).toMatchObject({ status: 'pending', requestedDueAt: iso(requestedDue) });

      const approved = await handle.executeUpdate(decideExtensionUpdate, {
        args: [{ actor: REVIEWER, requestId, approve: true, reason: null }],
      });
      expect(approved).toMatchObject({ status: 'assigned', dueAt: iso(requestedDue), pendingExtensionIds: [] });
      expect(fake.changesOf(input.taskId).at(-1)).toMatchObject({
        action: 'approve_extension',
        patch: { dueAt: iso(requestedDue) },
      });
      expect(fake.extensionRequest(requestId)?.status).toBe('approved');

      await testbed.skipTo(requestedDue + ms('1 second'));
      await eventually(() =>
        expect(notices(fake, input.taskId)).toEqual([
          `reminder@${iso(requestedDue - ms('3 days'))}`,
          `reminder@${iso(requestedDue - ms('1 day'))}`,
          `reminder@${iso(requestedDue)}`,
        ]),
      );
      expect(fake.task(input.taskId)).toMatchObject({ dueAt: iso(requestedDue), originalDueAt: input.originalDueAt });
    });
  });

  it('a rejected request leaves the deadline and its reminders where they were', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      const start = nextWholeMinute(await testbed.now());
      const input = aUnitTask().from(start).dueIn('5 days').build();
      const due = Date.parse(input.dueAt);
      const handle = await startTask(input);
      const requestId = randomUUID();

      await handle.executeUpdate(requestExtensionUpdate, {
        args: [{ actor: UNIT_OFFICER, requestId, requestedDueAt: iso(due + ms('5 days')), reason: 'Thiếu nhân sự' }],
      });
      const rejected = await handle.executeUpdate(decideExtensionUpdate, {
        args: [{ actor: REVIEWER, requestId, approve: false, reason: 'Không đủ căn cứ' }],
      });
      expect(rejected).toMatchObject({ dueAt: input.dueAt, pendingExtensionIds: [] });
      expect(fake.changesOf(input.taskId).at(-1)).toMatchObject({ action: 'reject_extension', patch: {} });
      expect(fake.extensionRequest(requestId)?.status).toBe('rejected');

      await testbed.skipTo(due + ms('1 second'));
      await eventually(() =>
        expect(notices(fake, input.taskId)).toEqual([
          `reminder@${iso(due - ms('3 days'))}`,
          `reminder@${iso(due - ms('1 day'))}`,
          `reminder@${iso(due)}`,
        ]),
      );
    });
  });

  it('deciding an unknown request is NOT_FOUND and records nothing', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      const input = aUnitTask()
        .from(await testbed.now())
        .dueIn('10 days')
        .build();
      const handle = await startTask(input);

      const failure = await rejectionOf(
        handle.executeUpdate(decideExtensionUpdate, {
          args: [{ actor: REVIEWER, requestId: randomUUID(), approve: true, reason: null }],
        }),
      );
      expect(failure.type).toBe('NOT_FOUND');
      expect(fake.calls).toEqual([]);
      expect(await acceptedUpdates(handle)).toEqual([]);
    });
  });
});

describe('inform task', () => {
  it('cannot be submitted; acknowledging it completes it', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      const input = aUnitTask()
        .from(await testbed.now())
        .dueIn('10 days')
        .with({ role: 'inform' })
        .build();
      const handle = await startTask(input);

      const failure = await rejectionOf(
        handle.executeUpdate(submitUpdate, { args: [{ actor: UNIT_OFFICER, report: 'Đã đọc' }] }),
      );
      expect(failure.type).toBe('ILLEGAL_TRANSITION');
      expect(failure.details).toEqual([expect.objectContaining({ status: 'assigned', action: 'submit' })]);
      expect(fake.calls).toEqual([]);

      const view = await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: UNIT_OFFICER }] });
      expect(view).toMatchObject({ status: 'completed', allowedActions: [] });
      expect(await handle.result()).toMatchObject({ status: 'completed' });
      const [acknowledge, ...rest] = fake.changesOf(input.taskId);
      expect(rest).toEqual([]);
      expect(acknowledge).toMatchObject({ action: 'acknowledge', fromStatus: 'assigned', toStatus: 'completed' });
      expect(acknowledge!.patch.acknowledgedAt).toBeDefined();
      expect(acknowledge!.patch.completedAt).toBeDefined();
    });
  });
});
