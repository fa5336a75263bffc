/**
 * From the unit task's timers to deliveries: the reminders a 3-day deadline produces, each turned
 * into its events by the projection's own derivation (`eventsOfTaskChange`) and into deliveries by
 * the dispatcher's own rules (`routeEvent`, `deliveryStart`), at the instants the schedule says.
 * A reminder due on a Sunday is e-mailed at 07:30 of the next working day; its webhook goes at once.
 */
import {
  parseWorkingHours,
  routeEvent,
  deliveryStart,
  vietnamCalendar,
  type RoutableContact,
  type RoutableSubscription,
} from '@dondoc/domain';
import { eventsOfTaskChange } from '@dondoc/activities';
import { aUnitTask } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { useTestbed } from '../support/testbed';
import { iso } from '../support/time';

/** An instant written as Vietnamese local time, parsed by the JS engine rather than the code under test. */
const vn = (local: string): number => Date.parse(`${local}+07:00`);
const SECOND = 1_000;
const OFFICE_HOURS = { workingHours: parseWorkingHours(undefined), holdEscalations: true };

const testbed = useTestbed();

describe('unit task reminders as deliveries', () => {
  it('turns a 3-day deadline’s reminders into deliveries at their instants, the Sunday one e-mailed at 07:30 on Monday', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      // Started Friday 4/6/2027 09:00, due Monday 7/6/2027 10:00: reminders Friday 10:00, Sunday 10:00, Monday 10:00.
      await testbed.skipTo(vn('2027-06-04T09:00'));
      const due = vn('2027-06-07T10:00');
      const input = aUnitTask()
        .with({ dueAt: iso(due), originalDueAt: iso(due) })
        .withPolicy({ before: ['P3D', 'P1D'], atDeadline: true, overdueEvery: null, escalateAfter: null })
        .build();
      const contacts: RoutableContact[] = [
        { id: 'van-phong', unitId: input.unitId, email: 'van.phong@stc.gov.vn', topics: ['reminder'], mode: 'each' },
      ];
      const subscriptions: RoutableSubscription[] = [
        { id: 'qlvb', unitId: input.unitId, url: 'https://qlvb.stc.gov.vn/hooks', events: ['task.reminder'] },
      ];
      /** Every delivery the recorded changes give so far: "channel scheduledFor → nextAttemptAt (status)". */
      const deliveries = (): string[] =>
        fake.changesOf(input.taskId).flatMap((change) =>
          eventsOfTaskChange(change, {
            unitId: input.unitId,
            dueAt: input.dueAt,
            directiveNumber: '12-CV/STC',
            directiveSubject: 'Báo cáo quý',
            publicUrl: 'https://dondoc.test.gov.vn',
          }).flatMap((event) =>
            routeEvent(event, subscriptions, contacts).map((target) => {
              const start = deliveryStart(event, target.channel, OFFICE_HOURS, vietnamCalendar());
              return `${target.channel} ${iso(start.scheduledFor)} → ${iso(start.nextAttemptAt)} (${start.status})`;
            }),
          ),
        );
      await startTask(input);

      await testbed.skipTo(vn('2027-06-04T10:00') - SECOND);
      expect(deliveries()).toEqual([]);
      await testbed.skipTo(vn('2027-06-04T10:00') + SECOND);
      const friday = iso(vn('2027-06-04T10:00'));
      await eventually(() =>
        expect(deliveries()).toEqual([
          `webhook ${friday} → ${friday} (pending)`,
          `email ${friday} → ${friday} (pending)`,
        ]),
      );

      await testbed.skipTo(vn('2027-06-06T10:00') + SECOND);
      const sunday = iso(vn('2027-06-06T10:00'));
      const mondayOpening = iso(vn('2027-06-07T07:30'));
      await eventually(() => expect(deliveries()).toHaveLength(4));
      expect(deliveries().slice(2)).toEqual([
        `webhook ${sunday} → ${sunday} (pending)`,
        `email ${sunday} → ${mondayOpening} (held)`,
      ]);

      await testbed.skipTo(due + SECOND);
      const monday = iso(due);
      await eventually(() => expect(deliveries()).toHaveLength(6));
      expect(deliveries().slice(4)).toEqual([
        `webhook ${monday} → ${monday} (pending)`,
        `email ${monday} → ${monday} (pending)`,
      ]);
      expect(fake.notificationsOf(input.taskId).map((notice) => notice.scheduledFor)).toEqual([friday, sunday, monday]);
    });
  });
});
