import {
  DEFAULT_REMINDER_POLICY,
  ValidationError,
  nextScheduledEvent,
  planSchedule,
  type ReminderPolicy,
  type ScheduledEvent,
} from '@dondoc/domain';

const SECOND = 1_000;
const DAY = 86_400_000;
/** An instant written as Vietnamese local time, parsed by the JS engine rather than the code under test. */
const vn = (local: string): number => Date.parse(`${local}+07:00`);

/** A task assigned Monday 10 March 2025, 09:00, due three days later at the end of Thursday 13 March. */
const assignedAt = vn('2025-03-10T09:00:00');
const dueAt = vn('2025-03-13T23:59:59.999');

const reminder = (at: string, offset: string): ScheduledEvent => ({
  kind: 'reminder',
  at: vn(at),
  offset,
  sequence: 0,
});
const overdue = (at: string, offset: string, sequence: number): ScheduledEvent => ({
  kind: 'overdue',
  at: vn(at),
  offset,
  sequence,
});
const escalation = (at: string, offset: string): ScheduledEvent => ({
  kind: 'escalation',
  at: vn(at),
  offset,
  sequence: 0,
});

describe('reminder schedule', () => {
  describe('a three-day deadline under the default policy', () => {
    it('reminds 3 days and 1 day ahead and at the deadline, then sends daily overdue notices and escalates after one day', () => {
      expect(planSchedule(dueAt, DEFAULT_REMINDER_POLICY, assignedAt, vn('2025-03-17T23:59:59.999'))).toEqual([
        reminder('2025-03-10T23:59:59.999', 'P3D before'),
        reminder('2025-03-12T23:59:59.999', 'P1D before'),
        reminder('2025-03-13T23:59:59.999', 'at deadline'),
        overdue('2025-03-14T23:59:59.999', 'P1D after', 1),
        escalation('2025-03-14T23:59:59.999', 'P1D after'),
        overdue('2025-03-15T23:59:59.999', 'P2D after', 2),
        overdue('2025-03-16T23:59:59.999', 'P3D after', 3),
        overdue('2025-03-17T23:59:59.999', 'P4D after', 4),
      ]);
    });

    it('starts with the first reminder after assignment', () => {
      expect(nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, assignedAt)).toEqual(
        reminder('2025-03-10T23:59:59.999', 'P3D before'),
      );
    });

    it('returns only events strictly after the given instant', () => {
      const firstReminder = vn('2025-03-10T23:59:59.999');
      expect(nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, firstReminder)).toEqual(
        reminder('2025-03-12T23:59:59.999', 'P1D before'),
      );
      expect(nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, firstReminder - 1)).toEqual(
        reminder('2025-03-10T23:59:59.999', 'P3D before'),
      );
    });

    it('skips reminders already in the past when the task is assigned late', () => {
      expect(nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, vn('2025-03-12T08:00:00'))).toEqual(
        reminder('2025-03-12T23:59:59.999', 'P1D before'),
      );
    });

    it('keeps sending overdue notices however late it is, numbering them, without walking through the earlier ones', () => {
      expect(nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, dueAt + 1000 * DAY + 1)).toEqual({
        kind: 'overdue',
        at: dueAt + 1001 * DAY,
        offset: 'P1001D after',
        sequence: 1001,
      });
    });
  });

  describe('two events at the same instant', () => {
    const sameInstant = vn('2025-03-14T23:59:59.999');

    it('fires the overdue notice before the escalation', () => {
      expect(nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, sameInstant - 1)).toEqual(
        overdue('2025-03-14T23:59:59.999', 'P1D after', 1),
      );
    });

    it('still returns the escalation after the overdue notice at that instant has fired', () => {
      expect(nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, sameInstant, { afterKind: 'overdue' })).toEqual(
        escalation('2025-03-14T23:59:59.999', 'P1D after'),
      );
    });

    it('moves on to the next day once the escalation has fired too', () => {
      expect(nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, sameInstant, { afterKind: 'escalation' })).toEqual(
        overdue('2025-03-15T23:59:59.999', 'P2D after', 2),
      );
    });

    it('returns the overdue notice again to a caller that only fired a reminder at that instant', () => {
      expect(nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, sameInstant, { afterKind: 'reminder' })).toEqual(
        overdue('2025-03-14T23:59:59.999', 'P1D after', 1),
      );
    });

    it('treats a bare instant as "everything at that instant is done"', () => {
      expect(nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, sameInstant)).toEqual(
        overdue('2025-03-15T23:59:59.999', 'P2D after', 2),
      );
    });

    it('loses no event when a timer loop feeds each fired event back in', () => {
      const fired: ScheduledEvent[] = [];
      let event = nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, assignedAt);
      while (event && fired.length < 6) {
        fired.push(event);
        event = nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, event.at, { afterKind: event.kind });
      }
      expect(fired.map((e) => `${e.kind} ${e.offset}`)).toEqual([
        'reminder P3D before',
        'reminder P1D before',
        'reminder at deadline',
        'overdue P1D after',
        'escalation P1D after',
        'overdue P2D after',
      ]);
    });
  });

  describe('an escalation already opened', () => {
    it('is not scheduled again, while overdue notices continue', () => {
      expect(
        planSchedule(dueAt, DEFAULT_REMINDER_POLICY, dueAt, vn('2025-03-16T00:00:00'), { escalated: true }),
      ).toEqual([
        overdue('2025-03-14T23:59:59.999', 'P1D after', 1),
        overdue('2025-03-15T23:59:59.999', 'P2D after', 2),
      ]);
    });

    it('leaves nothing due when overdue notices are off', () => {
      const policy: ReminderPolicy = { ...DEFAULT_REMINDER_POLICY, overdueEvery: null };
      expect(nextScheduledEvent(dueAt, policy, dueAt, { escalated: true })).toBeUndefined();
    });
  });

  describe('after the deadline moves', () => {
    const newDueAt = vn('2025-03-20T23:59:59.999');

    it('follows the new deadline from the moment of the move', () => {
      const movedAt = vn('2025-03-14T10:00:00');
      expect(planSchedule(newDueAt, DEFAULT_REMINDER_POLICY, movedAt, vn('2025-03-21T23:59:59.999'))).toEqual([
        reminder('2025-03-17T23:59:59.999', 'P3D before'),
        reminder('2025-03-19T23:59:59.999', 'P1D before'),
        reminder('2025-03-20T23:59:59.999', 'at deadline'),
        overdue('2025-03-21T23:59:59.999', 'P1D after', 1),
        escalation('2025-03-21T23:59:59.999', 'P1D after'),
      ]);
    });

    it('does not send reminders for the new deadline that are already in the past', () => {
      expect(nextScheduledEvent(newDueAt, DEFAULT_REMINDER_POLICY, vn('2025-03-18T12:00:00'))).toEqual(
        reminder('2025-03-19T23:59:59.999', 'P1D before'),
      );
    });
  });

  describe('a policy in seconds, as used in tests of the workflows', () => {
    const policy: ReminderPolicy = {
      before: ['PT3S', 'PT1S'],
      atDeadline: true,
      overdueEvery: 'PT2S',
      escalateAfter: 'PT5S',
    };
    const due = 1_750_000_000_000;

    it('schedules every event to the second', () => {
      expect(planSchedule(due, policy, due - 10 * SECOND, due + 6 * SECOND)).toEqual([
        { kind: 'reminder', at: due - 3 * SECOND, offset: 'PT3S before', sequence: 0 },
        { kind: 'reminder', at: due - 1 * SECOND, offset: 'PT1S before', sequence: 0 },
        { kind: 'reminder', at: due, offset: 'at deadline', sequence: 0 },
        { kind: 'overdue', at: due + 2 * SECOND, offset: 'PT2S after', sequence: 1 },
        { kind: 'overdue', at: due + 4 * SECOND, offset: 'PT4S after', sequence: 2 },
        { kind: 'escalation', at: due + 5 * SECOND, offset: 'PT5S after', sequence: 0 },
        { kind: 'overdue', at: due + 6 * SECOND, offset: 'PT6S after', sequence: 3 },
      ]);
    });

    it('finds the right overdue notice a year later', () => {
      const notice = (365 * 86_400) / 2 + 1;
      expect(nextScheduledEvent(due, policy, due + 365 * DAY, { escalated: true })).toEqual({
        kind: 'overdue',
        at: due + notice * 2 * SECOND,
        offset: `PT${notice * 2}S after`,
        sequence: notice,
      });
    });
  });

  describe('overdue notices by the month', () => {
    const policy: ReminderPolicy = { before: [], atDeadline: false, overdueEvery: 'P1M', escalateAfter: null };
    const endOfJanuary = vn('2025-01-31T23:59:59.999');

    it('counts each notice from the deadline, so a short February does not shift later months', () => {
      expect(planSchedule(endOfJanuary, policy, endOfJanuary, vn('2025-04-30T23:59:59.999'))).toEqual([
        overdue('2025-02-28T23:59:59.999', 'P1M after', 1),
        overdue('2025-03-31T23:59:59.999', 'P2M after', 2),
        overdue('2025-04-30T23:59:59.999', 'P3M after', 3),
      ]);
    });

    it('finds the twelfth notice directly', () => {
      expect(nextScheduledEvent(endOfJanuary, policy, vn('2026-01-15T00:00:00'))).toEqual(
        overdue('2026-01-31T23:59:59.999', 'P12M after', 12),
      );
    });
  });

  describe('policy variations', () => {
    it('sends no reminder at the deadline when atDeadline is false', () => {
      const policy: ReminderPolicy = { ...DEFAULT_REMINDER_POLICY, atDeadline: false };
      expect(nextScheduledEvent(dueAt, policy, vn('2025-03-13T00:00:00'))).toEqual(
        overdue('2025-03-14T23:59:59.999', 'P1D after', 1),
      );
    });

    it('orders reminders by time whatever order they are listed in', () => {
      const policy: ReminderPolicy = {
        before: ['P1D', 'P1W', 'PT2H'],
        atDeadline: false,
        overdueEvery: null,
        escalateAfter: null,
      };
      expect(planSchedule(dueAt, policy, 0, dueAt)).toEqual([
        reminder('2025-03-06T23:59:59.999', 'P1W before'),
        reminder('2025-03-12T23:59:59.999', 'P1D before'),
        reminder('2025-03-13T21:59:59.999', 'PT2H before'),
      ]);
    });

    it('sends one reminder when two entries land on the same instant', () => {
      const policy: ReminderPolicy = {
        before: ['P1D', 'PT24H'],
        atDeadline: false,
        overdueEvery: null,
        escalateAfter: null,
      };
      expect(planSchedule(dueAt, policy, 0, dueAt)).toEqual([reminder('2025-03-12T23:59:59.999', 'P1D before')]);
    });

    it('has nothing left after the deadline when overdue notices and escalation are off', () => {
      const policy: ReminderPolicy = { ...DEFAULT_REMINDER_POLICY, overdueEvery: null, escalateAfter: null };
      expect(nextScheduledEvent(dueAt, policy, dueAt, { afterKind: 'reminder' })).toBeUndefined();
    });

    it('escalates once only', () => {
      const policy: ReminderPolicy = { before: [], atDeadline: false, overdueEvery: null, escalateAfter: 'P2D' };
      expect(planSchedule(dueAt, policy, dueAt, dueAt + 30 * DAY)).toEqual([
        escalation('2025-03-15T23:59:59.999', 'P2D after'),
      ]);
    });
  });

  describe('planning window', () => {
    it('excludes events at `from` and includes events at `until`', () => {
      const firstReminder = vn('2025-03-10T23:59:59.999');
      const deadlineReminder = vn('2025-03-13T23:59:59.999');
      expect(
        planSchedule(dueAt, DEFAULT_REMINDER_POLICY, firstReminder, deadlineReminder).map((e) => e.offset),
      ).toEqual(['P1D before', 'at deadline']);
    });

    it('is empty when the window holds no event', () => {
      expect(planSchedule(dueAt, DEFAULT_REMINDER_POLICY, assignedAt, assignedAt + 1000)).toEqual([]);
    });

    it('refuses a window with an unreasonable number of events', () => {
      const policy: ReminderPolicy = { before: [], atDeadline: false, overdueEvery: 'PT0.001S', escalateAfter: null };
      expect(() => planSchedule(dueAt, policy, dueAt, dueAt + 60 * SECOND)).toThrow(ValidationError);
    });
  });

  describe('invalid input', () => {
    it('rejects a zero repeat interval that did not go through parseReminderPolicy', () => {
      const policy: ReminderPolicy = { ...DEFAULT_REMINDER_POLICY, overdueEvery: 'PT0S' };
      expect(() => nextScheduledEvent(dueAt, policy, dueAt)).toThrow(
        'reminderPolicy.overdueEvery: must be longer than zero',
      );
    });

    it('names a malformed reminder by its position', () => {
      const policy: ReminderPolicy = { ...DEFAULT_REMINDER_POLICY, before: ['P3D', 'tomorrow'] };
      expect(() => nextScheduledEvent(dueAt, policy, assignedAt)).toThrow('reminderPolicy.before[1]');
    });

    it('rejects instants that are not numbers', () => {
      expect(() => nextScheduledEvent(Number.NaN, DEFAULT_REMINDER_POLICY, assignedAt)).toThrow(
        'dueAt: must be an instant in epoch milliseconds',
      );
      expect(() => nextScheduledEvent(dueAt, DEFAULT_REMINDER_POLICY, Number.POSITIVE_INFINITY)).toThrow(
        ValidationError,
      );
    });
  });
});
