import {
  ValidationError,
  addDuration,
  formatIsoDuration,
  isZeroDuration,
  parseIsoDuration,
  scaleDuration,
  type IsoDuration,
} from '@dondoc/domain';
import { validationErrorOf } from './validation-error-of';

const ZERO: IsoDuration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
const d = (parts: Partial<IsoDuration>): IsoDuration => ({ ...ZERO, ...parts });
/** An instant written as Vietnamese local time, parsed by the JS engine rather than the code under test. */
const vn = (local: string): number => Date.parse(`${local}+07:00`);

describe('ISO-8601 durations', () => {
  describe('parsing', () => {
    it.each<[string, Partial<IsoDuration>]>([
      ['P3D', { days: 3 }],
      ['P1W', { weeks: 1 }],
      ['PT2S', { seconds: 2 }],
      ['PT1.5S', { seconds: 1.5 }],
      ['PT1,5S', { seconds: 1.5 }],
      ['PT0.001S', { seconds: 0.001 }],
      ['P1DT12H', { days: 1, hours: 12 }],
      ['P1M', { months: 1 }],
      ['PT1M', { minutes: 1 }],
      ['P1Y', { years: 1 }],
      ['PT36H', { hours: 36 }],
      ['P1Y2M3W4DT5H6M7.25S', { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.25 }],
      ['P0D', {}],
    ])('reads %s', (text, parts) => {
      expect(parseIsoDuration(text)).toEqual(d(parts));
    });

    it.each([
      ['an empty text', ''],
      ['a bare P', 'P'],
      ['a bare PT', 'PT'],
      ['a T with no time part', 'P1DT'],
      ['a negative duration', '-P1D'],
      ['a missing P', '3D'],
      ['lowercase letters', 'p3d'],
      ['surrounding spaces', ' P3D '],
      ['a fraction outside seconds', 'P1.5D'],
      ['a fraction of minutes', 'PT1.5M'],
      ['a fraction finer than a millisecond', 'PT1.0001S'],
      ['a time unit in the date part', 'P1H'],
      ['a date unit in the time part', 'PT1D'],
      ['parts out of order', 'P1D2M'],
      ['a dangling decimal point', 'PT1.S'],
      ['plain words', 'three days'],
    ])('rejects %s', (_what, text) => {
      const error = validationErrorOf(() => parseIsoDuration(text));
      expect(error.field).toBe('duration');
      expect(error.problem).toBe('must be an ISO-8601 duration such as P3D or PT2H');
    });

    it('rejects a value that is not text at all', () => {
      expect(() => parseIsoDuration(3 as unknown as string)).toThrow(ValidationError);
    });

    it('names the field it was given', () => {
      expect(() => parseIsoDuration('soon', 'reminderPolicy.before[1]')).toThrow(
        'reminderPolicy.before[1]: must be an ISO-8601 duration such as P3D or PT2H',
      );
    });
  });

  describe('zero', () => {
    it.each([
      ['P0D', true],
      ['PT0S', true],
      ['P0Y0M0W0DT0H0M0S', true],
      ['PT0.001S', false],
      ['P1M', false],
    ])('treats %s as zero: %s', (text, zero) => {
      expect(isZeroDuration(parseIsoDuration(text))).toBe(zero);
    });
  });

  describe('adding fixed lengths', () => {
    it('adds days and hours as exact lengths', () => {
      expect(addDuration(vn('2025-03-10T09:00:00'), parseIsoDuration('P1DT12H'))).toBe(vn('2025-03-11T21:00:00'));
    });

    it('adds weeks as seven days', () => {
      expect(addDuration(vn('2025-03-10T09:00:00'), parseIsoDuration('P2W'))).toBe(vn('2025-03-24T09:00:00'));
    });

    it('adds fractional seconds to the millisecond', () => {
      expect(addDuration(1_000_000, parseIsoDuration('PT1.5S'))).toBe(1_001_500);
    });

    it('moves back when the sign is -1', () => {
      expect(addDuration(vn('2025-03-13T23:59:59.999'), parseIsoDuration('P3D'), -1)).toBe(
        vn('2025-03-10T23:59:59.999'),
      );
    });

    it('leaves the instant alone for a zero duration', () => {
      expect(addDuration(123_456, parseIsoDuration('PT0S'))).toBe(123_456);
    });
  });

  describe('adding months and years by the calendar in Vietnam time', () => {
    it.each([
      ['31 Jan + P1M is the last day of February', '2025-01-31T10:00:00', 'P1M', 1, '2025-02-28T10:00:00'],
      ['31 Jan + P1M in a leap year is 29 Feb', '2024-01-31T10:00:00', 'P1M', 1, '2024-02-29T10:00:00'],
      ['31 Mar + P1M is 30 Apr', '2025-03-31T08:30:00', 'P1M', 1, '2025-04-30T08:30:00'],
      ['15 Nov + P3M crosses the year', '2025-11-15T12:00:00', 'P3M', 1, '2026-02-15T12:00:00'],
      ['29 Feb + P1Y is 28 Feb', '2024-02-29T23:59:59.999', 'P1Y', 1, '2025-02-28T23:59:59.999'],
      ['31 Mar - P1M is the last day of February', '2025-03-31T09:00:00', 'P1M', -1, '2025-02-28T09:00:00'],
      ['months first, then days: 30 Jan + P1M2D', '2025-01-30T09:00:00', 'P1M2D', 1, '2025-03-02T09:00:00'],
      [
        'the Vietnamese date counts, not the UTC one (early morning)',
        '2025-03-01T03:00:00',
        'P1M',
        1,
        '2025-04-01T03:00:00',
      ],
      ['the Vietnamese date counts, not the UTC one (31 Jan)', '2025-01-31T05:00:00', 'P1M', 1, '2025-02-28T05:00:00'],
    ] as const)('%s', (_rule, start, duration, sign, expected) => {
      expect(addDuration(vn(start), parseIsoDuration(duration), sign)).toBe(vn(expected));
    });
  });

  it('refuses to leave the range of dates', () => {
    expect(() => addDuration(vn('2025-01-01T00:00:00'), parseIsoDuration('P999999999Y'))).toThrow(ValidationError);
  });

  describe('scaling and formatting', () => {
    it('repeats each component', () => {
      expect(scaleDuration(parseIsoDuration('P1M2DT0.5S'), 3)).toEqual(d({ months: 3, days: 6, seconds: 1.5 }));
    });

    it.each([
      ['P1D', 1, 'P1D'],
      ['P1D', 2, 'P2D'],
      ['P1W', 2, 'P2W'],
      ['PT2S', 3, 'PT6S'],
      ['PT0.1S', 3, 'PT0.3S'],
      ['P1MT12H', 2, 'P2MT24H'],
      ['P1DT0H', 1, 'P1D'],
      ['PT0S', 5, 'PT0S'],
    ] as const)('writes %s × %d as %s', (text, factor, expected) => {
      expect(formatIsoDuration(scaleDuration(parseIsoDuration(text), factor))).toBe(expected);
    });
  });
});
