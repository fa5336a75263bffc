/**
 * Changes no person waits on — a timer's reminder, a withdrawal's cancellation — are written by
 * local activities (`scheduled-writes-as-local-activities`): inside the workflow task the timer
 * or the cancellation wakes, so a burst of thousands costs each task no activity task and fewer
 * workflow tasks on the server's queues (issue 15). A person's action still goes through an
 * activity task, as before. What is written is the same either way.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { acknowledgeUpdate } from '@dondoc/workflows/unit-task/contract';
import { eventually } from '../support/eventually';
import { withStartedTask } from '../support/started-task';
import { useTestbed } from '../support/testbed';
import { iso, ms } from '../support/time';

const testbed = useTestbed();

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

async function eventsOf(handle: WorkflowHandle): Promise<HistoryEvent[]> {
  return (await handle.fetchHistory()).events ?? [];
}

/** Activity types scheduled on the server's queue, in order. */
function activityTasks(events: HistoryEvent[]): string[] {
  return events.flatMap((e) => {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    return name ? [name] : [];
  });
}

/** Local activities recorded in the history (one marker each). */
function localActivities(events: HistoryEvent[]): number {
  return events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
}

describe('unit task: writes no person waits on', () => {
  it('writes a reminder inside the workflow task its timer wakes: a local activity, no activity task', async () => {
    await withStartedTask(testbed, { dueIn: '3 days', idle: true }, async ({ fake, input, due, handle }) => {
      const before = await eventsOf(handle);

      await testbed.skipTo(due - ms('3 days') + ms('1 second'));
      await eventually(() =>
        expect(fake.notificationsOf(input.taskId).map((n) => `${n.kind}@${n.scheduledFor}`)).toEqual([
          `reminder@${iso(due - ms('3 days'))}`,
        ]),
      );
      // The fake records the write while the workflow task is still open: wait for its marker.
      const after = await eventually(async () => {
        const events = (await eventsOf(handle)).slice(before.length);
        expect(localActivities(events)).toBe(1);
        return events;
      });

      expect(activityTasks(after)).toEqual([]);
      expect(fake.callsOf('recordTaskChange')).toHaveLength(1);
      expect(fake.changesOf(input.taskId).map((c) => [c.sequence, c.action])).toEqual([[1, 'remind']]);
    });
  });

  it('cancels a withdrawn task by reading the withdrawal and writing its end as local activities, no activity task', async () => {
    await withStartedTask(testbed, { dueIn: '10 days', seeded: true, idle: true }, async ({ fake, input, handle }) => {
      const before = await eventsOf(handle);

      await handle.cancel();
      expect(await handle.result()).toMatchObject({ status: 'cancelled' });
      const after = (await eventsOf(handle)).slice(before.length);

      expect(activityTasks(after)).toEqual([]);
      // describeWithdrawal, then recordTaskChange.
      expect(localActivities(after)).toBe(2);
      expect(fake.changesOf(input.taskId).map((c) => c.action)).toEqual(['cancel']);
      expect(fake.task(input.taskId)?.status).toBe('cancelled');
    });
  });

  it('still writes a person’s action through an activity task', async () => {
    await withStartedTask(testbed, { dueIn: '10 days', seeded: true, idle: true }, async ({ fake, input, handle }) => {
      await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'can.bo' }] });

      expect(activityTasks(await eventsOf(handle))).toEqual(['recordTaskChange']);
      expect(fake.changesOf(input.taskId).map((c) => c.action)).toEqual(['acknowledge']);
    });
  });
});
