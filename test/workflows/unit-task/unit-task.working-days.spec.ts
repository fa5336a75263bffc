/**
 * Reminders counted in working days, on the calendar in the task's input: across Tết 2027, over a
 * swapped Saturday, and after a calendar edit while the task is open (the calendar re-plan
 * workflow moves a deadline off a new day off and hands the task the new calendar).
 */
import { WorkingCalendar, type AnnouncedDay, type CalendarDefinition } from '@dondoc/domain';
import {
  calendarReplanWorkflowId,
  type CalendarReplanInput,
  type CalendarReplanResult,
} from '@dondoc/workflows/calendar-replan/contract';
import { taskStateQuery } from '@dondoc/workflows/unit-task/contract';
import { aUnitTask } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { useTestbed, type WorkerScope } from '../support/testbed';
import { iso } from '../support/time';

/** An instant written as Vietnamese local time, parsed by the JS engine rather than the code under test. */
const vn = (local: string): number => Date.parse(`${local}+07:00`);
const SECOND = 1_000;
const QUIET = { before: [], atDeadline: false, overdueEvery: null, escalateAfter: null } as const;

const calendarOf = (announced: AnnouncedDay[], revision = 1): CalendarDefinition => ({
  ...WorkingCalendar.of(announced).definition,
  revision,
});

const testbed = useTestbed();

function reminders(fake: FakeDondocActivities, taskId: string): string[] {
  return fake.notificationsOf(taskId).map((n) => `${n.kind}@${n.scheduledFor}`);
}

async function runReplan(scope: WorkerScope, input: CalendarReplanInput): Promise<CalendarReplanResult> {
  const handle = await scope.client.workflow.start('calendarReplanWorkflow', {
    taskQueue: scope.taskQueue,
    workflowId: `${calendarReplanWorkflowId(input.date, Math.floor(Math.random() * 1e9))}`,
    args: [input],
  });
  scope.track(handle);
  return (await handle.result()) as CalendarReplanResult;
}

// The tests share one server clock and skip it to fixed days of 2027, so they run in date order.
describe('unit task reminders in working days', () => {
  it('reminds "3 working days before" a deadline after Tết 2027 on the last working days before Tết', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      // Due Monday 15/2/2027; Tết 5–9/2 and its compensatory days 10–11/2 are off: 3 working days back is Wednesday 3/2.
      const due = vn('2027-02-15T17:00');
      const input = aUnitTask()
        .with({ dueAt: iso(due), originalDueAt: iso(due), calendar: calendarOf([]) })
        .withPolicy({ ...QUIET, before: [{ workingDays: 3 }] })
        .build();
      await startTask(input);
      await testbed.skipTo(vn('2027-02-03T16:59'));
      expect(reminders(fake, input.taskId)).toEqual([]);
      await testbed.skipTo(vn('2027-02-03T17:00') + SECOND);
      await eventually(() =>
        expect(reminders(fake, input.taskId)).toEqual([`reminder@${iso(vn('2027-02-03T17:00'))}`]),
      );
    });
  });

  it('follows a calendar edit while the task is open: the reminder moves before a new day off', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async (scope) => {
      // Due Wednesday 10/3/2027, reminded 2 working days before: Monday 8/3, until 8/3 becomes a day off.
      const due = vn('2027-03-10T17:00');
      const input = aUnitTask()
        .with({ dueAt: iso(due), originalDueAt: iso(due), calendar: calendarOf([]) })
        .withPolicy({ ...QUIET, before: [{ workingDays: 2 }] })
        .build();
      const handle = await scope.startSeededTask(input);
      await testbed.untilIdle(handle);

      const edited = calendarOf(
        [{ date: '2027-03-08', kind: 'day_off', name: 'Nghỉ đột xuất', source: 'Công văn thử' }],
        2,
      );
      const result = await runReplan(scope, {
        date: '2027-03-08',
        move: null,
        refresh: { from: iso(vn('2027-01-01T00:00')), to: iso(vn('2027-06-01T00:00')), calendar: edited },
        reason: 'calendar change: 2027-03-08 is now a day off',
        actor: 'quan.tri',
      });
      expect(result).toEqual({ moved: 0, refreshed: 1, skipped: 0 });

      await testbed.skipTo(vn('2027-03-08T17:00') + SECOND);
      await eventually(() =>
        expect(reminders(fake, input.taskId)).toEqual([`reminder@${iso(vn('2027-03-05T17:00'))}`]),
      );
    });
  });

  it('moves a deadline that falls on a new day off to the end of the next working day, keeping the original, and its reminders follow', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async (scope) => {
      const due = vn('2027-03-10T23:59:59.999');
      const input = aUnitTask()
        .with({ dueAt: iso(due), originalDueAt: iso(due) })
        .withPolicy({ ...QUIET, before: ['P1D'] })
        .build();
      const handle = await scope.startSeededTask(input);
      await testbed.untilIdle(handle);

      const moved = vn('2027-03-11T23:59:59.999');
      const result = await runReplan(scope, {
        date: '2027-03-10',
        move: { from: iso(vn('2027-03-10T00:00')), to: iso(due), newDueAt: iso(moved) },
        refresh: null,
        reason: 'calendar change: 2027-03-10 is now a day off (Nghỉ đột xuất)',
        actor: 'quan.tri',
      });
      expect(result).toEqual({ moved: 1, refreshed: 0, skipped: 0 });
      expect((await handle.query(taskStateQuery)).dueAt).toBe(iso(moved));
      const amend = fake.changesOf(input.taskId).find((c) => c.action === 'amend_deadline');
      expect(amend).toMatchObject({ actor: 'quan.tri', patch: { dueAt: iso(moved) } });
      expect(JSON.stringify(amend)).toContain('2027-03-10 is now a day off');
      expect(fake.task(input.taskId)?.originalDueAt).toBe(iso(due));

      await testbed.skipTo(vn('2027-03-10T23:59:59.999') + SECOND);
      await eventually(() =>
        expect(reminders(fake, input.taskId)).toEqual([`reminder@${iso(vn('2027-03-10T23:59:59.999'))}`]),
      );
    });
  });
  it('counts a swapped Saturday as worked and the swapped Friday as off', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      const swap: AnnouncedDay[] = [
        { date: '2027-03-19', kind: 'day_off', name: 'Nghỉ hoán đổi', source: 'Công văn thử' },
        { date: '2027-03-20', kind: 'working_day', name: 'Làm bù cho thứ Sáu 19/3', source: 'Công văn thử' },
      ];
      // Due Tuesday 23/3: 1 working day back is Monday 22/3, 2 is the worked Saturday 20/3.
      const due = vn('2027-03-23T17:00');
      const input = aUnitTask()
        .with({ dueAt: iso(due), originalDueAt: iso(due), calendar: calendarOf(swap) })
        .withPolicy({ ...QUIET, before: [{ workingDays: 2 }] })
        .build();
      await startTask(input);
      await testbed.skipTo(vn('2027-03-20T17:00') + SECOND);
      await eventually(() =>
        expect(reminders(fake, input.taskId)).toEqual([`reminder@${iso(vn('2027-03-20T17:00'))}`]),
      );
    });
  });
});
