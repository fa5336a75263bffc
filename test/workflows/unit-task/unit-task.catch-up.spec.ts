/**
 * No reminder is silently skipped: a task whose workflow starts, or resumes, past instants of its
 * schedule sends the latest missed one of each kind at once, marked late, then keeps to the
 * schedule. Time moves only when the test skips it.
 */
import type { TaskChange } from '@dondoc/workflows/unit-task/task-change';
import { aUnitTask, assignmentOf } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { useTestbed } from '../support/testbed';
import { iso, ms, nextWholeMinute } from '../support/time';

const testbed = useTestbed();

/** "action@scheduledFor (late)" of every change the schedule wrote, in order. */
function scheduled(fake: FakeDondocActivities, taskId: string): string[] {
  return fake
    .changesOf(taskId)
    .map((c: TaskChange) => `${c.action}@${String(c.data.scheduledFor)}${c.data.late === true ? ' late' : ''}`);
}

describe('unit task catch-up of missed notices', () => {
  it('a task started a day after its first reminder instant sends that reminder at once, marked late, then the next one on time', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      // Due in two days: the "3 days before" reminder was due a day before the task started.
      const input = aUnitTask()
        .from(nextWholeMinute(await testbed.now()))
        .dueIn('2 days')
        .build();
      fake.seedDirective(input.directiveId, [assignmentOf(input)]);
      const due = Date.parse(input.dueAt);
      await startTask(input);

      await eventually(() => expect(scheduled(fake, input.taskId)).toEqual([`remind@${iso(due - ms('3 days'))} late`]));
      const [late] = fake.notificationsOf(input.taskId);
      expect(late).toMatchObject({ kind: 'reminder', scheduledFor: iso(due - ms('3 days')) });
      expect(late!.message).toContain('gửi muộn');

      await testbed.skipTo(due - ms('1 day') + ms('1 second'));
      await eventually(() =>
        expect(scheduled(fake, input.taskId)).toEqual([
          `remind@${iso(due - ms('3 days'))} late`,
          `remind@${iso(due - ms('1 day'))}`,
        ]),
      );
      expect(fake.notificationsOf(input.taskId)[1]!.message).not.toContain('gửi muộn');
    });
  });

  it('a task started past its deadline sends the last reminder and the latest overdue notice once each, and escalates, not a burst; then the next overdue notice on time', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      // Due three days and two hours ago: five reminder and overdue instants lie in the past.
      const now = await testbed.now();
      const input = aUnitTask()
        .from(now - ms('3 days') - ms('2 hours'))
        .dueIn('0 days')
        .build();
      fake.seedDirective(input.directiveId, [assignmentOf(input)]);
      const due = Date.parse(input.dueAt);
      await startTask(input);

      const expected = [
        `remind@${iso(due)} late`,
        `escalate@${iso(due + ms('1 day'))} late`,
        `overdue@${iso(due + ms('3 days'))} late`,
      ];
      await eventually(() => expect(scheduled(fake, input.taskId)).toEqual(expected));
      await testbed.skipTo(due + ms('4 days') + ms('1 second'));
      await eventually(() =>
        expect(scheduled(fake, input.taskId)).toEqual([...expected, `overdue@${iso(due + ms('4 days'))}`]),
      );
    });
  });

  it('after an outage spanning two reminder instants only the latest is sent, late, once the writes work again', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      const input = aUnitTask()
        .from(nextWholeMinute(await testbed.now()))
        .dueIn('4 days')
        .build();
      fake.seedDirective(input.directiveId, [assignmentOf(input)]);
      const due = Date.parse(input.dueAt);
      await startTask(input);

      fake.failTaskChanges(100_000);
      await testbed.skipTo(due - ms('1 day') + ms('2 hours'));
      await eventually(() => expect(fake.callsOf('recordTaskChange').length).toBeGreaterThan(8));
      fake.failTaskChanges(0);
      await testbed.skip('2 hours');
      await eventually(() => expect(scheduled(fake, input.taskId)).toEqual([`remind@${iso(due - ms('1 day'))} late`]));
      await testbed.skipTo(due + ms('1 second'));
      await eventually(() =>
        expect(scheduled(fake, input.taskId)).toEqual([`remind@${iso(due - ms('1 day'))} late`, `remind@${iso(due)}`]),
      );
    });
  });
});
