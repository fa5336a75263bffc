import {
  ValidationError,
  WorkingCalendar,
  vietnamCalendar,
  vietnamCalendarTable,
  type CalendarTable,
} from '@dondoc/domain';
import { validationErrorOf } from './validation-error-of';

/** An instant written as Vietnamese local time, parsed by the JS engine rather than the code under test. */
const vn = (local: string): number => Date.parse(`${local}+07:00`);

/** Every date of a year, produced independently of the calendar under test. */
function datesOf(year: number): string[] {
  const dates: string[] = [];
  for (let ms = Date.UTC(year, 0, 1); new Date(ms).getUTCFullYear() === year; ms += 86_400_000) {
    dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  return dates;
}

const isWeekend = (date: string): boolean => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

const table = (overrides: Partial<Record<keyof CalendarTable | '_note', unknown>> = {}): CalendarTable =>
  ({
    timeZone: 'Asia/Ho_Chi_Minh',
    utcOffsetMinutes: 420,
    holidays: [],
    workingWeekendDays: [],
    ...overrides,
  }) as CalendarTable;

describe('Vietnamese working calendar', () => {
  const calendar = vietnamCalendar();

  describe('working days', () => {
    it.each([
      ['2025-03-10', 'a Monday', true],
      ['2025-03-14', 'a Friday', true],
      ['2025-03-08', 'a Saturday', false],
      ['2025-03-09', 'a Sunday', false],
      ['2025-01-01', 'New Year (Wednesday)', false],
      ['2025-01-24', 'the Friday before the 2025 Tết break', true],
      ['2025-01-27', 'the first weekday of Tết 2025', false],
      ['2025-01-29', 'Tết Ất Tỵ, first day of the lunar year', false],
      ['2025-01-31', 'the last weekday of Tết 2025', false],
      ['2025-02-03', 'the Monday after Tết 2025', true],
      ['2025-04-07', 'Hùng Kings day 2025', false],
      ['2025-04-26', 'Saturday 26/4/2025, worked in exchange for Friday 2/5', true],
      ['2025-04-30', 'Reunification Day 2025', false],
      ['2025-05-01', 'Labour Day 2025', false],
      ['2025-05-02', 'Friday 2/5/2025, swapped off', false],
      ['2025-09-01', 'the day before National Day 2025', false],
      ['2025-09-02', 'National Day 2025', false],
      ['2025-09-03', 'the day after National Day 2025', true],
      ['2024-04-29', 'Monday 29/4/2024, swapped off', false],
      ['2024-05-04', 'Saturday 4/5/2024, worked', true],
      ['2024-09-03', 'the day after National Day 2024', false],
      ['2026-01-02', 'Friday 2/1/2026, swapped off', false],
      ['2026-01-10', 'Saturday 10/1/2026, worked', true],
      ['2026-02-16', 'the first weekday of Tết 2026', false],
      ['2026-02-23', 'the Monday after Tết 2026', true],
      ['2026-04-27', 'Monday after Hùng Kings day 2026, which fell on a Sunday', false],
      ['2026-08-22', 'Saturday 22/8/2026, worked', true],
      ['2026-08-31', 'Monday 31/8/2026, swapped off', false],
      ['2026-09-03', 'the day after National Day 2026', true],
    ])('%s (%s) is a working day: %s', (date, _what, working) => {
      expect(calendar.isWorkingDay(date)).toBe(working);
    });

    // Every official change to the Monday–Friday week, as announced for the public sector.
    it.each([
      [
        2024,
        [
          '2024-01-01',
          '2024-02-08',
          '2024-02-09',
          '2024-02-12',
          '2024-02-13',
          '2024-02-14',
          '2024-04-18',
          '2024-04-29',
          '2024-04-30',
          '2024-05-01',
          '2024-09-02',
          '2024-09-03',
        ],
        ['2024-05-04'],
        251,
      ],
      [
        2025,
        [
          '2025-01-01',
          '2025-01-27',
          '2025-01-28',
          '2025-01-29',
          '2025-01-30',
          '2025-01-31',
          '2025-04-07',
          '2025-04-30',
          '2025-05-01',
          '2025-05-02',
          '2025-09-01',
          '2025-09-02',
        ],
        ['2025-04-26'],
        250,
      ],
      [
        2026,
        [
          '2026-01-01',
          '2026-01-02',
          '2026-02-16',
          '2026-02-17',
          '2026-02-18',
          '2026-02-19',
          '2026-02-20',
          '2026-04-27',
          '2026-04-30',
          '2026-05-01',
          '2026-08-31',
          '2026-09-01',
          '2026-09-02',
        ],
        ['2026-01-10', '2026-08-22'],
        250,
      ],
    ])(
      'knows every weekday off and every weekend day worked in %d',
      (year, weekdaysOff, weekendDaysWorked, workingDays) => {
        const dates = datesOf(year);
        expect(dates.filter((date) => !isWeekend(date) && !calendar.isWorkingDay(date))).toEqual(weekdaysOff);
        expect(dates.filter((date) => isWeekend(date) && calendar.isWorkingDay(date))).toEqual(weekendDaysWorked);
        expect(dates.filter((date) => calendar.isWorkingDay(date))).toHaveLength(workingDays);
      },
    );
  });

  describe('next working day', () => {
    it.each([
      ['2025-03-10', '2025-03-11', 'the next weekday'],
      ['2025-03-07', '2025-03-10', 'over a weekend'],
      ['2025-01-24', '2025-02-03', 'over the whole Tết break'],
      ['2025-04-25', '2025-04-26', 'onto a Saturday that is worked'],
      ['2025-04-29', '2025-05-05', 'over 30/4, 1/5, the swapped Friday and the weekend'],
      ['2025-03-08', '2025-03-10', 'from a day off'],
      ['2025-12-31', '2026-01-05', 'across the year and the 2026 New Year swap'],
    ])('after %s is %s (%s)', (date, next) => {
      expect(calendar.nextWorkingDay(date)).toBe(next);
    });
  });

  describe('adding working days', () => {
    it.each([
      ['2025-04-24', 3, '2025-04-28', 'counting the worked Saturday 26/4'],
      ['2025-01-23', 2, '2025-02-03', 'skipping Tết'],
      ['2025-03-10', 5, '2025-03-17', 'a plain week'],
      ['2025-03-08', 1, '2025-03-10', 'from a Saturday'],
      ['2025-03-10', 0, '2025-03-10', 'zero days'],
      ['2025-03-08', 0, '2025-03-08', 'zero days from a day off'],
      ['2025-02-03', -1, '2025-01-24', 'backwards over Tết'],
      ['2025-05-05', -2, '2025-04-28', 'backwards over the 30/4 break'],
    ])('%s + %d working days is %s (%s)', (date, n, expected) => {
      expect(calendar.addWorkingDays(date, n)).toBe(expected);
    });

    it('rejects a fraction of a day', () => {
      expect(() => calendar.addWorkingDays('2025-03-10', 1.5)).toThrow(ValidationError);
    });
  });

  describe('end of a period (Civil Code 2015: first day not counted; a day off moves the end to the next working day)', () => {
    it.each<[string, number, 'calendar', string, string]>([
      ['2025-03-03', 10, 'calendar', '2025-03-13', 'ends on a working day'],
      ['2025-03-05', 10, 'calendar', '2025-03-17', 'ends on a Saturday, so moves to Monday'],
      ['2025-04-25', 5, 'calendar', '2025-05-05', 'ends on 30/4, so moves past the whole break'],
      ['2025-01-20', 7, 'calendar', '2025-02-03', 'ends in Tết, so moves to the Monday after'],
    ])('%s + %d %s days ends %s (%s)', (start, days, unit, expected) => {
      expect(calendar.periodEnd(start, days, unit)).toBe(expected);
    });

    it('ends on a worked Saturday, because that Saturday is a working day', () => {
      expect(calendar.periodEnd('2025-04-19', 7, 'calendar')).toBe('2025-04-26');
    });

    it.each([
      ['2025-01-22', 5, '2025-02-05', 'across Tết'],
      ['2025-03-08', 1, '2025-03-10', 'starting on a Saturday'],
      ['2025-04-24', 3, '2025-04-28', 'counting the worked Saturday'],
    ])('%s + %d working days ends %s (%s)', (start, days, expected) => {
      expect(calendar.periodEnd(start, days, 'working')).toBe(expected);
    });

    it('rejects a negative or fractional number of days and an unknown unit', () => {
      expect(() => calendar.periodEnd('2025-03-10', -1, 'calendar')).toThrow(ValidationError);
      expect(() => calendar.periodEnd('2025-03-10', 2.5, 'working')).toThrow(ValidationError);
      expect(() => calendar.periodEnd('2025-03-10', 2, 'hours' as 'calendar')).toThrow(
        'unit: must be "calendar" or "working"',
      );
    });
  });

  describe('instants', () => {
    it('ends a day at 23:59:59.999 Vietnam time', () => {
      expect(calendar.endOfDay('2025-03-10')).toBe(Date.parse('2025-03-10T16:59:59.999Z'));
    });

    it('puts a deadline given as a working day at the end of that day', () => {
      expect(calendar.deadlineFromDate('2025-03-12')).toBe(vn('2025-03-12T23:59:59.999'));
    });

    it('moves a deadline given as a Sunday to the end of Monday', () => {
      expect(calendar.deadlineFromDate('2025-03-09')).toBe(vn('2025-03-10T23:59:59.999'));
    });

    it('moves a deadline given as a Tết day to the end of the first working day after Tết', () => {
      expect(calendar.deadlineFromDate('2025-01-29')).toBe(vn('2025-02-03T23:59:59.999'));
    });

    it('keeps a deadline on a worked Saturday', () => {
      expect(calendar.deadlineFromDate('2025-04-26')).toBe(vn('2025-04-26T23:59:59.999'));
    });

    it('reads the Vietnamese date of an instant, which runs 7 hours ahead of UTC', () => {
      expect(calendar.localDate(Date.parse('2025-03-09T17:00:00.000Z'))).toBe('2025-03-10');
      expect(calendar.localDate(Date.parse('2025-03-09T16:59:59.999Z'))).toBe('2025-03-09');
      expect(calendar.localDate(calendar.endOfDay('2025-12-31'))).toBe('2025-12-31');
    });

    it('rejects an instant that is not a number', () => {
      expect(() => calendar.localDate(Number.NaN)).toThrow(ValidationError);
    });
  });

  describe('dates', () => {
    it.each(['2025-02-30', '2025-13-01', '2025-3-1', '25-03-01', '2025-03-01T00:00', '', '0099-01-01'])(
      'rejects %j',
      (date) => {
        const error = validationErrorOf(() => calendar.isWorkingDay(date));
        expect(error.problem).toBe('must be a date written YYYY-MM-DD, such as 2025-04-30');
      },
    );

    it('accepts 29 February in a leap year only', () => {
      expect(calendar.isWorkingDay('2024-02-29')).toBe(true);
      expect(() => calendar.isWorkingDay('2025-02-29')).toThrow(ValidationError);
    });
  });

  describe('table', () => {
    it('is data: a calendar built from another table follows that table', () => {
      const custom = new WorkingCalendar(
        table({
          holidays: [{ date: '2030-01-01', name: 'Tết Dương lịch' }],
          workingWeekendDays: [{ date: '2030-01-05', name: 'Làm bù' }],
        }),
      );
      expect(custom.isWorkingDay('2030-01-01')).toBe(false);
      expect(custom.isWorkingDay('2030-01-05')).toBe(true);
      expect(custom.isWorkingDay('2025-01-29')).toBe(true);
    });

    it('ships the Vietnamese table in Vietnam time and cannot be changed at run time', () => {
      expect(vietnamCalendarTable.timeZone).toBe('Asia/Ho_Chi_Minh');
      expect(vietnamCalendarTable.utcOffsetMinutes).toBe(420);
      expect(Object.isFrozen(vietnamCalendarTable.holidays)).toBe(true);
      expect(vietnamCalendar()).toBe(calendar);
    });

    it('ignores comment keys starting with an underscore', () => {
      expect(() => new WorkingCalendar(table({ _note: 'edited by hand' }))).not.toThrow();
    });

    it.each<[string, Partial<Record<keyof CalendarTable | 'extra', unknown>>, string, string]>([
      [
        'a malformed date',
        { holidays: [{ date: '2025-1-1', name: 'Tết Dương lịch' }] },
        'calendar.holidays[0].date',
        'must be a date written YYYY-MM-DD, such as 2025-04-30',
      ],
      [
        'an impossible date',
        {
          holidays: [
            { date: '2025-01-01', name: 'a' },
            { date: '2025-02-30', name: 'b' },
          ],
        },
        'calendar.holidays[1].date',
        'must be a date written YYYY-MM-DD, such as 2025-04-30',
      ],
      [
        'a missing name',
        { holidays: [{ date: '2025-01-01' }] },
        'calendar.holidays[0].name',
        'must be a non-empty text',
      ],
      [
        'an entry that is not an object',
        { holidays: ['2025-01-01'] },
        'calendar.holidays[0]',
        'must be { date, name }',
      ],
      [
        'a repeated date',
        {
          holidays: [
            { date: '2025-01-01', name: 'a' },
            { date: '2025-01-01', name: 'b' },
          ],
        },
        'calendar.holidays[1].date',
        'repeats an earlier entry',
      ],
      ['holidays that are not a list', { holidays: {} }, 'calendar.holidays', 'must be a list of { date, name }'],
      [
        'a worked "weekend" day that is a weekday',
        { workingWeekendDays: [{ date: '2025-04-25', name: 'x' }] },
        'calendar.workingWeekendDays[0].date',
        'is not a Saturday or Sunday',
      ],
      [
        'a day both off and worked',
        { holidays: [{ date: '2025-04-26', name: 'x' }], workingWeekendDays: [{ date: '2025-04-26', name: 'y' }] },
        'calendar.workingWeekendDays[0].date',
        'is also listed as a holiday',
      ],
      ['another time zone', { timeZone: 'Asia/Bangkok' }, 'calendar.timeZone', 'must be "Asia/Ho_Chi_Minh"'],
      ['another offset', { utcOffsetMinutes: 480 }, 'calendar.utcOffsetMinutes', 'must be 420 (UTC+07:00)'],
      ['an unknown key', { extra: true }, 'calendar.extra', 'is not a known setting'],
    ])('rejects %s at construction', (_what, overrides, field, problem) => {
      const error = validationErrorOf(() => new WorkingCalendar(table(overrides as Partial<CalendarTable>)));
      expect(error.field).toBe(field);
      expect(error.problem).toBe(problem);
    });

    it('rejects something that is not a table at all', () => {
      expect(() => new WorkingCalendar(null as unknown as CalendarTable)).toThrow(ValidationError);
    });
  });
});
