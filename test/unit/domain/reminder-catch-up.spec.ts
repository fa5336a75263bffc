import { DEFAULT_REMINDER_POLICY, LATE_AFTER_MS, dueEvents, type DueEvent, type ReminderPolicy } from '@dondoc/domain';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** An instant written as Vietnamese local time, parsed by the JS engine rather than the code under test. */
const vn = (local: string): number => Date.parse(`${local}+07:00`);

/** Due at the end of Thursday 13 March 2025: reminders 10, 12 and 13 March, overdue and escalation from the 14th. */
const dueAt = vn('2025-03-13T23:59:59.999');
/** Nothing fired yet: the cursor a task starts with. */
const NOTHING_FIRED = 0;

const late = (kind: DueEvent['kind'], at: number, offset: string, sequence = 0): DueEvent => ({
  kind,
  at,
  offset,
  sequence,
  late: true,
});

describe('reminder catch-up', () => {
  it('a task started after its first reminder instant sends that reminder at once, marked late', () => {
    const now = dueAt - 3 * DAY + 5 * HOUR;
    expect(dueEvents(dueAt, DEFAULT_REMINDER_POLICY, NOTHING_FIRED, now)).toEqual([
      late('reminder', dueAt - 3 * DAY, 'P3D before'),
    ]);
  });

  it('past several reminder instants, only the latest missed one is sent, not a burst', () => {
    const now = dueAt - 12 * HOUR;
    expect(dueEvents(dueAt, DEFAULT_REMINDER_POLICY, NOTHING_FIRED, now)).toEqual([
      late('reminder', dueAt - DAY, 'P1D before'),
    ]);
  });

  it('resuming days after the deadline sends the last reminder, the latest overdue notice and the escalation, in firing order', () => {
    const fired = dueAt - 3 * DAY; // the P3D reminder went out before the outage
    const now = dueAt + 4 * DAY + HOUR;
    expect(dueEvents(dueAt, DEFAULT_REMINDER_POLICY, fired, now, { afterKind: 'reminder' })).toEqual([
      late('reminder', dueAt, 'at deadline'),
      late('escalation', dueAt + DAY, 'P1D after'),
      late('overdue', dueAt + 4 * DAY, 'P4D after', 4),
    ]);
  });

  it('an event whose timer fired on time is not late', () => {
    const at = dueAt - DAY;
    expect(dueEvents(dueAt, DEFAULT_REMINDER_POLICY, dueAt - 3 * DAY, at + 1_000, { afterKind: 'reminder' })).toEqual([
      { kind: 'reminder', at, offset: 'P1D before', sequence: 0, late: false },
    ]);
    expect(
      dueEvents(dueAt, DEFAULT_REMINDER_POLICY, dueAt - 3 * DAY, at + LATE_AFTER_MS, { afterKind: 'reminder' })[0]
        ?.late,
    ).toBe(true);
  });

  it('nothing is due before the next instant, and nothing already fired is sent again', () => {
    expect(dueEvents(dueAt, DEFAULT_REMINDER_POLICY, NOTHING_FIRED, dueAt - 4 * DAY)).toEqual([]);
    const firedOverdue = dueAt + 2 * DAY;
    expect(
      dueEvents(dueAt, DEFAULT_REMINDER_POLICY, firedOverdue, firedOverdue + HOUR, {
        afterKind: 'overdue',
        escalated: true,
      }),
    ).toEqual([]);
  });

  it('an escalation already opened for the deadline is not sent again; overdue notices go on', () => {
    const now = dueAt + 3 * DAY + HOUR;
    expect(
      dueEvents(dueAt, DEFAULT_REMINDER_POLICY, dueAt + DAY, now, { afterKind: 'escalation', escalated: true }),
    ).toEqual([late('overdue', dueAt + 3 * DAY, 'P3D after', 3)]);
  });

  it('finds the latest overdue notice of a long outage directly, without walking every notice', () => {
    const policy: ReminderPolicy = { before: [], atDeadline: false, overdueEvery: 'PT1M', escalateAfter: null };
    const now = dueAt + 365 * DAY + 30_000;
    const [event] = dueEvents(dueAt, policy, dueAt, now);
    expect(event).toMatchObject({
      kind: 'overdue',
      at: dueAt + 365 * 24 * 60 * 60_000,
      sequence: 365 * 24 * 60,
      late: false,
    });
  });
});
