import { WorkingCalendar, parseReminderPolicy, planSchedule, type ReminderPolicy } from '@dondoc/domain';
import { validationErrorOf } from './validation-error-of';

/** An instant written as Vietnamese local time, parsed by the JS engine rather than the code under test. */
const vn = (local: string): number => Date.parse(`${local}+07:00`);

/** The rules alone for 2027: Tết 5–9/2, compensatory 10–11/2. */
const calendar = WorkingCalendar.of([]);
const policy = (overrides: Partial<ReminderPolicy>): ReminderPolicy => ({
  before: [],
  atDeadline: false,
  overdueEvery: null,
  escalateAfter: null,
  ...overrides,
});

describe('reminder offsets in working days', () => {
  it('reminds 3 working days before a deadline after Tết 2027 on the last working days before Tết', () => {
    // Due Monday 15/2/2027: working days back are Friday 12/2, Thursday 4/2, Wednesday 3/2.
    const events = planSchedule(
      vn('2027-02-15T23:59:59.999'),
      policy({ before: [{ workingDays: 3 }, { workingDays: 1 }] }),
      vn('2027-01-01T00:00'),
      vn('2027-03-01T00:00'),
      { calendar },
    );
    expect(events.map((e) => [new Date(e.at).toISOString(), e.offset])).toEqual([
      [new Date(vn('2027-02-03T23:59:59.999')).toISOString(), '3 working days before'],
      [new Date(vn('2027-02-12T23:59:59.999')).toISOString(), '1 working day before'],
    ]);
  });

  it('escalates 1 working day after a deadline on the eve of Tết, after the break', () => {
    const events = planSchedule(
      vn('2027-02-04T17:00'),
      policy({ escalateAfter: { workingDays: 1 } }),
      vn('2027-01-01T00:00'),
      vn('2027-03-01T00:00'),
      { calendar },
    );
    expect(events).toEqual([
      { kind: 'escalation', at: vn('2027-02-12T17:00'), offset: '1 working day after', sequence: 0 },
    ]);
  });

  it('counts a swapped Saturday as a working day and the swapped Friday as a day off', () => {
    const swapped = WorkingCalendar.of([
      { date: '2027-03-19', kind: 'day_off', name: 'Nghỉ hoán đổi', source: null },
      { date: '2027-03-20', kind: 'working_day', name: 'Làm bù', source: null },
    ]);
    // Due Tuesday 23/3: 1 working day before is Monday 22/3; 2 is Saturday 20/3; 3 is Thursday 18/3.
    const events = planSchedule(
      vn('2027-03-23T17:00'),
      policy({ before: [{ workingDays: 2 }, { workingDays: 3 }] }),
      vn('2027-03-01T00:00'),
      vn('2027-04-01T00:00'),
      { calendar: swapped },
    );
    expect(events.map((e) => e.at)).toEqual([vn('2027-03-18T17:00'), vn('2027-03-20T17:00')]);
  });

  it('keeps ISO offsets as calendar durations beside working days', () => {
    const events = planSchedule(
      vn('2027-02-15T23:59:59.999'),
      policy({ before: ['P3D', { workingDays: 3 }] }),
      vn('2027-01-01T00:00'),
      vn('2027-03-01T00:00'),
      { calendar },
    );
    expect(events.map((e) => e.offset)).toEqual(['3 working days before', 'P3D before']);
  });

  it('refuses to count working days without a calendar', () => {
    expect(
      validationErrorOf(() =>
        planSchedule(vn('2027-02-15T17:00'), policy({ before: [{ workingDays: 3 }] }), 0, vn('2027-03-01T00:00')),
      ),
    ).toMatchObject({
      field: 'reminderPolicy.before[0]',
      problem: 'counts working days, but the task has no calendar',
    });
  });
});

describe('a policy with working days', () => {
  it('accepts { workingDays } in before and escalateAfter', () => {
    expect(
      parseReminderPolicy({ before: [{ workingDays: 3 }, 'P1D'], escalateAfter: { workingDays: 1 } }),
    ).toMatchObject({
      before: [{ workingDays: 3 }, 'P1D'],
      escalateAfter: { workingDays: 1 },
    });
  });

  it.each<[string, unknown, string, string]>([
    [
      'zero working days',
      { before: [{ workingDays: 0 }] },
      'reminderPolicy.before[0].workingDays',
      'must be a whole number from 1 to 60',
    ],
    [
      'a fraction',
      { escalateAfter: { workingDays: 1.5 } },
      'reminderPolicy.escalateAfter.workingDays',
      'must be a whole number from 1 to 60',
    ],
    [
      'too many',
      { before: [{ workingDays: 61 }] },
      'reminderPolicy.before[0].workingDays',
      'must be a whole number from 1 to 60',
    ],
    [
      'another key',
      { before: [{ days: 3 }] },
      'reminderPolicy.before[0]',
      'must be an ISO-8601 duration such as P3D, or { "workingDays": N }',
    ],
    [
      'a repeat',
      { before: [{ workingDays: 2 }, { workingDays: 2 }] },
      'reminderPolicy.before[1]',
      'repeats an earlier entry',
    ],
  ])('rejects %s, naming the field', (_what, input, field, problem) => {
    expect(validationErrorOf(() => parseReminderPolicy(input))).toMatchObject({ field, problem });
  });
});
