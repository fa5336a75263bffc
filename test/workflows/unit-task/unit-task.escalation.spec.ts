/**
 * Escalation to the coordinating unit after a grace period, and the four ways a supervisor
 * resolves it: extend, reassign, waive, remind.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { resolveEscalationUpdate, taskStateQuery, type UnitTaskInput } from '@dondoc/workflows/unit-task/contract';
import type { unitTaskWorkflow } from '@dondoc/workflows/unit-task/unit-task.workflow';
import { COORDINATING_UNIT, aUnitTask, assignmentOf } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { rejectionOf } from '../support/rejections';
import { useTestbed, type WorkerScope } from '../support/testbed';
import { iso, ms, nextWholeMinute } from '../support/time';

const testbed = useTestbed();

const SUPERVISOR = 'pho-chanh-van-phong';

interface EscalatedTask {
  input: UnitTaskInput;
  handle: WorkflowHandle<typeof unitTaskWorkflow>;
  due: number;
  escalationId: string;
}

/** "kind@scheduledFor" of every notification written for a task. */
function notices(fake: FakeDondocActivities, taskId: string): string[] {
  return fake.notificationsOf(taskId).map((n) => `${n.kind}@${n.scheduledFor}`);
}

/** Escalation ids opened for a task, in order. */
function openedEscalations(fake: FakeDondocActivities, taskId: string): string[] {
  return fake.changesOf(taskId).flatMap((c) => (c.escalation?.op === 'open' ? [c.escalation.escalationId] : []));
}

/** A task due in 3 days with a 2-day grace period, run until its escalation is open. */
async function escalatedTask(fake: FakeDondocActivities, { startTask }: WorkerScope): Promise<EscalatedTask> {
  const input = aUnitTask()
    .from(nextWholeMinute(await testbed.now()))
    .dueIn('3 days')
    .withPolicy({ escalateAfter: 'P2D' })
    .build();
  fake.seedDirective(input.directiveId, [assignmentOf(input)]);
  const due = Date.parse(input.dueAt);
  const handle = await startTask(input);
  await testbed.skipTo(due + ms('2 days') + ms('1 second'));
  const [escalationId] = await eventually(() => {
    const opened = openedEscalations(fake, input.taskId);
    expect(opened).toHaveLength(1);
    return opened;
  });
  return { input, handle, due, escalationId: escalationId! };
}

describe('unit task escalation', () => {
  it('waits out the grace period: only an overdue notice a day late, the escalation two days late', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      const input = aUnitTask()
        .from(nextWholeMinute(await testbed.now()))
        .dueIn('3 days')
        .withPolicy({ escalateAfter: 'P2D' })
        .build();
      const due = Date.parse(input.dueAt);
      const handle = await startTask(input);

      await testbed.skipTo(due + ms('1 day') + ms('1 second'));
      await eventually(() => expect(notices(fake, input.taskId)).toContain(`overdue@${iso(due + ms('1 day'))}`));
      expect(fake.changesOf(input.taskId).map((c) => c.action)).not.toContain('escalate');
      expect((await handle.query(taskStateQuery)).openEscalationId).toBeNull();

      await testbed.skipTo(due + ms('2 days') + ms('1 second'));
      await eventually(() => expect(openedEscalations(fake, input.taskId)).toHaveLength(1));
      expect(notices(fake, input.taskId).slice(3)).toEqual([
        `overdue@${iso(due + ms('1 day'))}`,
        `overdue@${iso(due + ms('2 days'))}`,
        `escalation@${iso(due + ms('2 days'))}`,
      ]);
      const escalate = fake.changesOf(input.taskId).find((c) => c.action === 'escalate')!;
      expect(escalate.notifications).toEqual([
        expect.objectContaining({ recipientUnitId: COORDINATING_UNIT, kind: 'escalation' }),
      ]);
      expect((await handle.query(taskStateQuery)).openEscalationId).toBe(openedEscalations(fake, input.taskId)[0]);
    });
  });

  it('extend: resolves the escalation, moves the deadline and re-plans the schedule from it; the original deadline stays', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async (scope) => {
      const { input, handle, escalationId } = await escalatedTask(fake, scope);
      const resolvedAt = await testbed.now();
      const newDue = nextWholeMinute(resolvedAt) + ms('5 days');

      const view = await handle.executeUpdate(resolveEscalationUpdate, {
        args: [{ actor: SUPERVISOR, escalationId, action: 'extend', dueAt: iso(newDue), note: 'Gia hạn lần 1' }],
      });
      expect(view).toMatchObject({ status: 'assigned', dueAt: iso(newDue), openEscalationId: null });
      const extend = fake.changesOf(input.taskId).at(-1)!;
      expect(extend).toMatchObject({
        action: 'extend',
        actor: SUPERVISOR,
        patch: { dueAt: iso(newDue), escalated: false },
      });
      expect(extend.escalation).toEqual({
        op: 'resolve',
        escalationId,
        resolution: { action: 'extend', note: 'Gia hạn lần 1', dueAt: iso(newDue) },
      });
      expect(fake.escalation(escalationId)?.status).toBe('resolved');

      await testbed.skipTo(newDue + ms('1 second'));
      await eventually(() =>
        expect(
          fake
            .notificationsOf(input.taskId)
            .filter((n) => Date.parse(n.scheduledFor) > resolvedAt)
            .map((n) => `${n.kind}@${n.scheduledFor}`),
        ).toEqual([
          `reminder@${iso(newDue - ms('3 days'))}`,
          `reminder@${iso(newDue - ms('1 day'))}`,
          `reminder@${iso(newDue)}`,
        ]),
      );
      // A new deadline may escalate again, two days after it.
      await testbed.skipTo(newDue + ms('2 days') + ms('1 second'));
      await eventually(() => expect(openedEscalations(fake, input.taskId)).toHaveLength(2));

      expect(fake.task(input.taskId)).toMatchObject({ dueAt: iso(newDue), originalDueAt: input.originalDueAt });
      expect(fake.allChanges().filter((c) => 'originalDueAt' in c.patch)).toEqual([]);
    });
  });

  it('reassign: ends the task as reassigned, naming the successor task for another unit', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async (scope) => {
      const { input, handle, escalationId } = await escalatedTask(fake, scope);
      const newDue = nextWholeMinute(await testbed.now()) + ms('7 days');
      const successorTaskId = randomUUID();
      const reassign = {
        actor: SUPERVISOR,
        escalationId,
        action: 'reassign' as const,
        toUnitId: 'so-xay-dung',
        successorTaskId,
        note: null,
      };

      // Past the deadline a reassignment must say when the new unit is due.
      const withoutDue = await rejectionOf(handle.executeUpdate(resolveEscalationUpdate, { args: [reassign] }));
      expect(withoutDue.type).toBe('VALIDATION');
      expect(withoutDue.details).toEqual([expect.objectContaining({ field: 'dueAt' })]);

      const view = await handle.executeUpdate(resolveEscalationUpdate, { args: [{ ...reassign, dueAt: iso(newDue) }] });
      expect(view).toMatchObject({ status: 'reassigned', allowedActions: [], openEscalationId: null });
      const successor = { taskId: successorTaskId, unitId: 'so-xay-dung', role: 'lead', dueAt: iso(newDue) };
      expect(await handle.result()).toEqual({
        taskId: input.taskId,
        unitId: input.unitId,
        status: 'reassigned',
        successor,
      });

      const change = fake.changesOf(input.taskId).at(-1)!;
      expect(change).toMatchObject({ action: 'reassign', fromStatus: 'assigned', toStatus: 'reassigned', successor });
      expect(change.patch).toMatchObject({ reassignedToTaskId: successorTaskId, escalated: false });
      expect(fake.escalation(escalationId)).toMatchObject({
        status: 'resolved',
        resolution: { action: 'reassign', toUnitId: 'so-xay-dung' },
      });
      expect(fake.task(successorTaskId)).toMatchObject({
        unitId: 'so-xay-dung',
        reassignedFromTaskId: input.taskId,
        status: 'assigned',
      });
    });
  });

  it('waive: ends the task as waived and resolves the escalation', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async (scope) => {
      const { input, handle, escalationId } = await escalatedTask(fake, scope);

      const view = await handle.executeUpdate(resolveEscalationUpdate, {
        args: [{ actor: SUPERVISOR, escalationId, action: 'waive', note: 'Không còn cần thiết' }],
      });
      expect(view).toMatchObject({ status: 'waived', openEscalationId: null });
      expect(await handle.result()).toMatchObject({ status: 'waived', successor: null });
      expect(fake.changesOf(input.taskId).at(-1)).toMatchObject({
        action: 'waive',
        toStatus: 'waived',
        patch: { escalated: false },
      });
      expect(fake.escalation(escalationId)).toMatchObject({ status: 'resolved', resolution: { action: 'waive' } });
      expect(fake.task(input.taskId)).toMatchObject({ status: 'waived', escalated: false });
    });
  });

  it('remind: keeps the escalation open and sends the unit a reminder; a stale escalation id is NOT_FOUND', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async (scope) => {
      const { input, handle, escalationId } = await escalatedTask(fake, scope);
      const remindedAt = await testbed.now();

      const view = await handle.executeUpdate(resolveEscalationUpdate, {
        args: [{ actor: SUPERVISOR, escalationId, action: 'remind', note: 'Khẩn' }],
      });
      expect(view).toMatchObject({ status: 'assigned', openEscalationId: escalationId });
      const remind = fake.changesOf(input.taskId).at(-1)!;
      expect(remind).toMatchObject({ action: 'remind', actor: SUPERVISOR });
      expect(remind.notifications).toEqual([
        expect.objectContaining({ recipientUnitId: input.unitId, kind: 'reminder' }),
      ]);
      expect(Date.parse(remind.notifications![0]!.scheduledFor)).toBeGreaterThanOrEqual(remindedAt);
      expect(fake.escalation(escalationId)?.status).toBe('open');
      expect(fake.task(input.taskId)?.escalated).toBe(true);

      const writes = fake.callsOf('recordTaskChange').length;
      const stale = await rejectionOf(
        handle.executeUpdate(resolveEscalationUpdate, {
          args: [{ actor: SUPERVISOR, escalationId: randomUUID(), action: 'waive', note: null }],
        }),
      );
      expect(stale.type).toBe('NOT_FOUND');
      expect(fake.callsOf('recordTaskChange')).toHaveLength(writes);
    });
  });
});
