/**
 * The unit task's automatic schedule: reminders before and at the deadline, overdue notices,
 * escalation, and what stops them. Time moves only when the test skips it.
 */
import { submitUpdate, returnUpdate, taskStateQuery, type UnitTaskState } from '@dondoc/workflows/unit-task/contract';
import { COORDINATING_UNIT, aUnitTask } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { withStartedTask } from '../support/started-task';
import { useTestbed } from '../support/testbed';
import { iso, ms, nextWholeMinute } from '../support/time';

const testbed = useTestbed();

/** "kind@scheduledFor" of every notification written for a task, in the order written. */
function notices(fake: FakeDondocActivities, taskId: string): string[] {
  return fake.notificationsOf(taskId).map((n) => `${n.kind}@${n.scheduledFor}`);
}

describe('unit task schedule', () => {
  it('reminds 3 days and 1 day before and at the deadline, then a day late sends an overdue notice and escalates to the coordinating unit', async () => {
    await withStartedTask(testbed, { dueIn: '3 days' }, async ({ fake, input, due, handle }) => {
      const seen = () => notices(fake, input.taskId);

      await testbed.skipTo(due - ms('3 days') + ms('1 second'));
      await eventually(() => expect(seen()).toEqual([`reminder@${iso(due - ms('3 days'))}`]));

      await testbed.skipTo(due - ms('1 day') - ms('1 minute'));
      expect(seen()).toHaveLength(1);
      await testbed.skipTo(due - ms('1 day') + ms('1 second'));
      await eventually(() =>
        expect(seen()).toEqual([`reminder@${iso(due - ms('3 days'))}`, `reminder@${iso(due - ms('1 day'))}`]),
      );

      await testbed.skipTo(due + ms('1 second'));
      await eventually(() => expect(seen()).toHaveLength(3));
      expect(seen()[2]).toBe(`reminder@${iso(due)}`);

      await testbed.skipTo(due + ms('1 day') - ms('1 minute'));
      expect(seen()).toHaveLength(3);
      await testbed.skipTo(due + ms('1 day') + ms('1 second'));
      await eventually(() =>
        expect(seen()).toEqual([
          `reminder@${iso(due - ms('3 days'))}`,
          `reminder@${iso(due - ms('1 day'))}`,
          `reminder@${iso(due)}`,
          `overdue@${iso(due + ms('1 day'))}`,
          `escalation@${iso(due + ms('1 day'))}`,
        ]),
      );

      const changes = fake.changesOf(input.taskId);
      expect(changes.map((c) => [c.sequence, c.action, c.actor])).toEqual([
        [1, 'remind', 'system'],
        [2, 'remind', 'system'],
        [3, 'remind', 'system'],
        [4, 'overdue', 'system'],
        [5, 'escalate', 'system'],
      ]);
      // Each change was written once: no duplicate write, no retry needed.
      expect(fake.callsOf('recordTaskChange')).toHaveLength(5);

      const escalate = changes[4]!;
      expect(escalate.patch).toEqual({ escalated: true });
      expect(escalate.escalation).toMatchObject({
        op: 'open',
        coordinatingUnitId: COORDINATING_UNIT,
        unitId: input.unitId,
      });
      expect(escalate.notifications?.map((n) => n.recipientUnitId)).toEqual([COORDINATING_UNIT]);
      for (const c of changes.slice(0, 4))
        expect(c.notifications?.map((n) => n.recipientUnitId)).toEqual([input.unitId]);

      const escalationId = escalate.escalation?.op === 'open' ? escalate.escalation.escalationId : undefined;
      expect(fake.escalation(escalationId!)?.status).toBe('open');
      const view = await handle.query(taskStateQuery);
      expect(view).toMatchObject({ status: 'assigned', openEscalationId: escalationId, dueAt: input.dueAt });
    });
  });

  it('stops reminding once the unit submits before the deadline, and without review the task is completed', async () => {
    await withStartedTask(testbed, { dueIn: '3 days' }, async ({ fake, input, due, handle }) => {
      await testbed.skipTo(due - ms('3 days') + ms('1 second'));
      await eventually(() => expect(notices(fake, input.taskId)).toHaveLength(1));
      await testbed.skipTo(due - ms('2 days'));
      const submittedAt = await testbed.now();

      const view = await handle.executeUpdate(submitUpdate, {
        args: [{ actor: 'chuyen-vien-a', report: 'Báo cáo đã hoàn thành' }],
      });
      expect(view).toMatchObject({ status: 'completed', allowedActions: [] });
      expect(await handle.result()).toEqual({
        taskId: input.taskId,
        unitId: input.unitId,
        status: 'completed',
        successor: null,
      });

      await testbed.skip('5 days');
      expect(notices(fake, input.taskId)).toEqual([`reminder@${iso(due - ms('3 days'))}`]);
      expect(fake.notificationsOf(input.taskId).every((n) => Date.parse(n.scheduledFor) <= submittedAt)).toBe(true);
      const submit = fake.changesOf(input.taskId).at(-1)!;
      expect(submit).toMatchObject({
        action: 'submit',
        actor: 'chuyen-vien-a',
        fromStatus: 'assigned',
        toStatus: 'completed',
        sequence: 2,
      });
      expect(submit.patch).toMatchObject({ report: 'Báo cáo đã hoàn thành', progressPercent: 100 });
      expect(submit.patch.completedAt).toBeDefined();
      expect(submit.patch.closedAt).toBe(submit.patch.completedAt);
    });
  });

  it('sends nothing while a submitted report waits for review, and once it is returned escalates at once (the grace period ran out during review) and resumes overdue notices', async () => {
    await withStartedTask(
      testbed,
      { dueIn: '3 days', with: { reviewRequired: true } },
      async ({ fake, input, due, handle }) => {
        await testbed.skipTo(due - ms('2 days'));
        await eventually(() => expect(notices(fake, input.taskId)).toHaveLength(1));
        await handle.executeUpdate(submitUpdate, { args: [{ actor: 'chuyen-vien-a', report: 'Dự thảo' }] });

        await testbed.skipTo(due + ms('3 days') + ms('1 hour'));
        expect(notices(fake, input.taskId)).toEqual([`reminder@${iso(due - ms('3 days'))}`]);
        expect(await handle.query(taskStateQuery)).toMatchObject({ status: 'submitted', openEscalationId: null });

        const returnedAt = await testbed.now();
        await handle.executeUpdate(returnUpdate, { args: [{ actor: 'lanh-dao-van-phong', reason: 'Thiếu số liệu' }] });
        await testbed.skipTo(due + ms('4 days') + ms('1 second'));
        await eventually(() => expect(notices(fake, input.taskId)).toHaveLength(3));
        const [reminder, escalation, overdue] = fake.notificationsOf(input.taskId);
        expect(`${reminder!.kind}@${reminder!.scheduledFor}`).toBe(`reminder@${iso(due - ms('3 days'))}`);
        // The escalation was due at due+1d, during review: it opens as soon as the report comes back.
        expect(escalation!.kind).toBe('escalation');
        expect(Date.parse(escalation!.scheduledFor)).toBeGreaterThanOrEqual(returnedAt);
        expect(Date.parse(escalation!.scheduledFor)).toBeLessThan(returnedAt + ms('1 minute'));
        expect(`${overdue!.kind}@${overdue!.scheduledFor}`).toBe(`overdue@${iso(due + ms('4 days'))}`);
      },
    );
  });

  it('carries on from a continued-as-new state: the sequence continues and what already fired is not sent again', async () => {
    // Temporal suggests continue-as-new from history size; the test server cannot be made to,
    // so this starts the run the workflow would continue into, with the state it carries.
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      const template = aUnitTask()
        .from(nextWholeMinute(await testbed.now()))
        .dueIn('3 days')
        .build();
      const due = Date.parse(template.dueAt);
      const carried: UnitTaskState = {
        status: 'in_progress',
        dueAt: due,
        sequence: 7,
        cursor: due - ms('3 days'),
        cursorKind: 'reminder',
        escalatedForDeadline: false,
        openEscalationId: null,
        climb: null,
        pendingExtensions: [],
        progressPercent: 40,
        successor: null,
      };
      const input = { ...template, carried };
      const handle = await startTask(input);

      expect(await handle.query(taskStateQuery)).toMatchObject({ status: 'in_progress' });
      await testbed.skipTo(due + ms('1 second'));
      await eventually(() =>
        expect(notices(fake, input.taskId)).toEqual([`reminder@${iso(due - ms('1 day'))}`, `reminder@${iso(due)}`]),
      );
      expect(fake.changesOf(input.taskId).map((c) => [c.sequence, c.fromStatus, c.toStatus])).toEqual([
        [8, 'in_progress', 'in_progress'],
        [9, 'in_progress', 'in_progress'],
      ]);
    });
  });
});
