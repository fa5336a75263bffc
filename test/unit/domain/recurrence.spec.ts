import { MAX_PERIODS, periodDeadline, parseRecurrence, vietnamCalendar, type Recurrence } from '@dondoc/domain';
import { validationErrorOf } from './validation-error-of';

/** End of a Vietnamese day: a deadline given as a date. */
const endOf = (date: string): number => Date.parse(`${date}T23:59:59.999+07:00`);
/** The Vietnamese day of a deadline. */
const day = (epochMs: number | undefined): string | undefined =>
  epochMs === undefined ? undefined : vietnamCalendar().localDate(epochMs);

describe('periodic reports', () => {
  describe('deadline of period n', () => {
    it('keeps period 0 at the assignment’s own deadline', () => {
      const first = Date.parse('2026-06-01T10:00:00+07:00');
      expect(periodDeadline(first, { every: 'P1M', until: '2027-01-01' }, 0)).toBe(first);
    });

    it('repeats every three months from the first deadline', () => {
      const first = endOf('2026-01-15');
      const rec: Recurrence = { every: 'P3M', until: '2026-12-31' };
      expect([1, 2, 3].map((n) => day(periodDeadline(first, rec, n)))).toEqual([
        '2026-04-15',
        '2026-07-15',
        '2026-10-15',
      ]);
      expect(periodDeadline(first, rec, 1)).toBe(endOf('2026-04-15'));
    });

    it('clamps to the month’s last day without drifting, and moves a day off to the next working day', () => {
      const first = endOf('2026-03-31');
      const rec: Recurrence = { every: 'P1M', until: '2026-12-31' };
      // 30/4 and 1/5 are holidays, then a weekend; 31/5 is a Sunday; 30/6 is a Tuesday (not 1/6: no drift).
      expect([1, 2, 3].map((n) => day(periodDeadline(first, rec, n)))).toEqual([
        '2026-05-04',
        '2026-06-01',
        '2026-06-30',
      ]);
    });

    it('keeps the time of day of a date-time deadline for weekly periods', () => {
      const first = Date.parse('2026-06-01T10:00:00+07:00');
      expect(periodDeadline(first, { every: 'P1W', until: '2026-12-31' }, 2)).toBe(
        Date.parse('2026-06-15T10:00:00+07:00'),
      );
    });

    it('falls on the given day of each following month, clamped to short months, at the end of that day', () => {
      const first = endOf('2026-01-20');
      expect(periodDeadline(first, { dayOfMonth: 5, until: '2026-12-31' }, 1)).toBe(endOf('2026-02-05'));
      const rec: Recurrence = { dayOfMonth: 31, until: '2026-12-31' };
      // 28/2/2026 is a Saturday; 30/4 is a holiday.
      expect([1, 2, 3].map((n) => day(periodDeadline(endOf('2026-01-30'), rec, n)))).toEqual([
        '2026-03-02',
        '2026-03-31',
        '2026-05-04',
      ]);
    });

    it('stops after `until`, which is inclusive, judged by the nominal day before any move to a working day', () => {
      const first = endOf('2026-01-15');
      const rec: Recurrence = { every: 'P1M', until: '2026-04-15' };
      expect(day(periodDeadline(first, rec, 3))).toBe('2026-04-15');
      expect(periodDeadline(first, rec, 4)).toBeUndefined();
      expect(day(periodDeadline(endOf('2026-03-30'), { dayOfMonth: 30, until: '2026-04-30' }, 1))).toBe('2026-05-04');
    });

    it('refuses a negative or fractional period number', () => {
      expect(validationErrorOf(() => periodDeadline(0, { every: 'P1M', until: '2026-01-01' }, -1)).field).toBe(
        'period',
      );
      expect(validationErrorOf(() => periodDeadline(0, { every: 'P1M', until: '2026-01-01' }, 1.5)).field).toBe(
        'period',
      );
    });
  });

  describe('validation', () => {
    const first = endOf('2026-01-15');
    const field = 'assignments[2].recurrence';

    it('accepts an interval or a day of the month, with an end date', () => {
      expect(parseRecurrence({ every: 'P1M', until: '2026-12-31' }, first, field)).toEqual({
        every: 'P1M',
        until: '2026-12-31',
      });
      expect(parseRecurrence({ every: 'P2W', until: '2026-01-15' }, first, field)).toEqual({
        every: 'P2W',
        until: '2026-01-15',
      });
      expect(parseRecurrence({ dayOfMonth: 31, until: '2027-06-30' }, first, field)).toEqual({
        dayOfMonth: 31,
        until: '2027-06-30',
      });
    });

    it.each<[string, unknown, string, RegExp]>([
      ['not an object', 'P1M', field, /must be an object/],
      ['both forms', { every: 'P1M', dayOfMonth: 5, until: '2026-12-31' }, field, /exactly one/],
      ['neither form', { until: '2026-12-31' }, field, /exactly one/],
      ['an unknown key', { every: 'P1M', until: '2026-12-31', count: 3 }, `${field}.count`, /not a known field/],
      ['a malformed interval', { every: 'monthly', until: '2026-12-31' }, `${field}.every`, /ISO-8601 duration/],
      [
        'an interval with hours',
        { every: 'P1DT12H', until: '2026-12-31' },
        `${field}.every`,
        /whole years, months, weeks or days/,
      ],
      ['a zero interval', { every: 'P0M', until: '2026-12-31' }, `${field}.every`, /longer than zero/],
      ['day 0', { dayOfMonth: 0, until: '2026-12-31' }, `${field}.dayOfMonth`, /1 to 31/],
      ['day 32', { dayOfMonth: 32, until: '2026-12-31' }, `${field}.dayOfMonth`, /1 to 31/],
      ['a fractional day', { dayOfMonth: 1.5, until: '2026-12-31' }, `${field}.dayOfMonth`, /1 to 31/],
      ['no end date', { every: 'P1M' }, `${field}.until`, /required/],
      ['an impossible end date', { every: 'P1M', until: '2026-02-30' }, `${field}.until`, /YYYY-MM-DD/],
      [
        'an end date before the first deadline',
        { every: 'P1M', until: '2026-01-14' },
        `${field}.until`,
        /not be before the first deadline \(2026-01-15\)/,
      ],
    ])('refuses %s, naming the field', (_case, input, expectedField, problem) => {
      const error = validationErrorOf(() => parseRecurrence(input, first, field));
      expect(error.field).toBe(expectedField);
      expect(error.problem).toMatch(problem);
    });
  });

  describe('length of a series', () => {
    const first = endOf('2026-06-01');

    it('refuses a century of daily reports, naming until and the limit', () => {
      const error = validationErrorOf(() =>
        parseRecurrence({ every: 'P1D', until: '2126-06-01' }, first, 'assignments[0].recurrence'),
      );
      expect(error.field).toBe('assignments[0].recurrence.until');
      expect(error.problem).toBe(`gives more than ${MAX_PERIODS} periods; a series may have at most ${MAX_PERIODS}`);
    });

    it('accepts exactly 1,000 periods and refuses 1,001', () => {
      // Nominal days (before moving off days off): period n is due n days after the first.
      const last = vietnamCalendar().localDate(first + (MAX_PERIODS - 1) * 86_400_000);
      expect(parseRecurrence({ every: 'P1D', until: last }, first).until).toBe(last);
      const next = vietnamCalendar().localDate(first + MAX_PERIODS * 86_400_000);
      expect(validationErrorOf(() => parseRecurrence({ every: 'P1D', until: next }, first)).field).toBe(
        'recurrence.until',
      );
    });

    it('counts monthly series by day of the month the same way', () => {
      expect(validationErrorOf(() => parseRecurrence({ dayOfMonth: 5, until: '2126-06-01' }, first)).field).toBe(
        'recurrence.until',
      );
      expect(parseRecurrence({ dayOfMonth: 5, until: '2100-01-01' }, first).dayOfMonth).toBe(5);
    });
  });
});
