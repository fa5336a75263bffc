import { DEFAULT_REMINDER_POLICY, parseReminderPolicy } from '@dondoc/domain';
import { validationErrorOf } from './validation-error-of';

const DEFAULT = { before: ['P3D', 'P1D'], atDeadline: true, overdueEvery: 'P1D', escalateAfter: 'P1D' };

describe('reminder policy', () => {
  it('defaults to reminders 3 and 1 days ahead and at the deadline, daily overdue notices, escalation after a day', () => {
    expect(DEFAULT_REMINDER_POLICY).toEqual(DEFAULT);
  });

  it('cannot be changed by accident, since every task shares the default', () => {
    expect(Object.isFrozen(DEFAULT_REMINDER_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_REMINDER_POLICY.before)).toBe(true);
  });

  it.each([undefined, null])('uses the default when none is given (%s)', (input) => {
    expect(parseReminderPolicy(input)).toEqual(DEFAULT);
  });

  it('returns a copy the caller may change without touching the default', () => {
    const policy = parseReminderPolicy(undefined);
    policy.before.push('P7D');
    expect(DEFAULT_REMINDER_POLICY.before).toEqual(['P3D', 'P1D']);
  });

  it('fills each missing setting from the default', () => {
    expect(parseReminderPolicy({ atDeadline: false })).toEqual({ ...DEFAULT, atDeadline: false });
    expect(parseReminderPolicy({ before: ['P7D'] })).toEqual({ ...DEFAULT, before: ['P7D'] });
  });

  it('accepts a complete policy as given', () => {
    const policy = {
      before: ['P1W', 'PT36H', 'P1M'],
      atDeadline: false,
      overdueEvery: 'PT2H',
      escalateAfter: 'P2DT12H',
    };
    expect(parseReminderPolicy(policy)).toEqual(policy);
  });

  it('lets a directive turn off reminders, overdue notices and escalation', () => {
    expect(parseReminderPolicy({ before: [], atDeadline: false, overdueEvery: null, escalateAfter: null })).toEqual({
      before: [],
      atDeadline: false,
      overdueEvery: null,
      escalateAfter: null,
    });
  });

  it('accepts up to 10 reminders before the deadline', () => {
    const before = ['P10D', 'P9D', 'P8D', 'P7D', 'P6D', 'P5D', 'P4D', 'P3D', 'P2D', 'P1D'];
    expect(parseReminderPolicy({ before }).before).toEqual(before);
  });

  describe('rejects', () => {
    it.each<[string, unknown, string, string]>([
      ['an unknown setting', { remindEvery: 'P1D' }, 'reminderPolicy.remindEvery', 'is not a known setting'],
      [
        'a policy that is not an object',
        'P3D',
        'reminderPolicy',
        'must be an object with before, atDeadline, overdueEvery and escalateAfter',
      ],
      [
        'a list instead of an object',
        ['P3D'],
        'reminderPolicy',
        'must be an object with before, atDeadline, overdueEvery and escalateAfter',
      ],
      [
        'before that is not a list',
        { before: 'P3D' },
        'reminderPolicy.before',
        'must be a list of durations such as ["P3D", "P1D"]',
      ],
      [
        'before set to null',
        { before: null },
        'reminderPolicy.before',
        'must be a list of durations such as ["P3D", "P1D"]',
      ],
      [
        'a malformed reminder',
        { before: ['P3D', '1 day'] },
        'reminderPolicy.before[1]',
        'must be an ISO-8601 duration such as P3D or PT2H',
      ],
      [
        'a reminder that is not text',
        { before: [3] },
        'reminderPolicy.before[0]',
        'must be an ISO-8601 duration such as P3D or PT2H',
      ],
      ['a zero reminder', { before: ['P1D', 'PT0S'] }, 'reminderPolicy.before[1]', 'must be longer than zero'],
      [
        'a repeated reminder',
        { before: ['P1D', 'P2D', 'P1D'] },
        'reminderPolicy.before[2]',
        'repeats an earlier entry',
      ],
      [
        'more than 10 reminders',
        { before: ['P1D', 'P2D', 'P3D', 'P4D', 'P5D', 'P6D', 'P7D', 'P8D', 'P9D', 'P10D', 'P11D'] },
        'reminderPolicy.before',
        'must list at most 10 durations',
      ],
      ['atDeadline that is not a boolean', { atDeadline: 'yes' }, 'reminderPolicy.atDeadline', 'must be true or false'],
      [
        'a malformed overdue interval',
        { overdueEvery: 'daily' },
        'reminderPolicy.overdueEvery',
        'must be an ISO-8601 duration such as P3D or PT2H',
      ],
      ['a zero overdue interval', { overdueEvery: 'P0D' }, 'reminderPolicy.overdueEvery', 'must be longer than zero'],
      [
        'an overdue interval that is a number',
        { overdueEvery: 86400 },
        'reminderPolicy.overdueEvery',
        'must be an ISO-8601 duration such as P3D or PT2H',
      ],
      [
        'a malformed escalation delay',
        { escalateAfter: '-P1D' },
        'reminderPolicy.escalateAfter',
        'must be an ISO-8601 duration such as P3D or PT2H',
      ],
      [
        'a zero escalation delay',
        { escalateAfter: 'PT0S' },
        'reminderPolicy.escalateAfter',
        'must be longer than zero',
      ],
    ])('%s', (_what, input, field, problem) => {
      const error = validationErrorOf(() => parseReminderPolicy(input));
      expect(error.field).toBe(field);
      expect(error.problem).toBe(problem);
    });
  });

  it('prefixes errors with the field name it is given', () => {
    expect(() => parseReminderPolicy({ before: ['P1D', 'x'] }, 'directive.reminderPolicy')).toThrow(
      'directive.reminderPolicy.before[1]: must be an ISO-8601 duration such as P3D or PT2H',
    );
  });
});
