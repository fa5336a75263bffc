import {
  DEFAULT_WORKING_HOURS,
  ValidationError,
  deliveryWindow,
  formatWorkingHours,
  isWithinWorkingHours,
  parseWorkingHours,
  vietnamCalendar,
  workingDaysUntil,
} from '@dondoc/domain';

/** An instant written as Vietnam wall-clock time. */
const vn = (local: string): number => Date.parse(`${local}+07:00`);
const calendar = vietnamCalendar();
const office = parseWorkingHours(undefined);

describe('working hours setting', () => {
  it('defaults to 07:30-17:00 when unset or blank', () => {
    expect(parseWorkingHours(undefined)).toEqual({ kind: 'window', startMinute: 450, endMinute: 1020 });
    expect(parseWorkingHours('  ')).toEqual(parseWorkingHours(DEFAULT_WORKING_HOURS));
  });

  it('reads `always` in any case as no holding', () => {
    expect(parseWorkingHours('always')).toEqual({ kind: 'always' });
    expect(parseWorkingHours(' ALWAYS ')).toEqual({ kind: 'always' });
  });

  it('accepts a window ending at 24:00 and writes it back as given', () => {
    expect(formatWorkingHours(parseWorkingHours('08:00-24:00'))).toBe('08:00-24:00');
    expect(formatWorkingHours(parseWorkingHours('07:30-17:00'))).toBe('07:30-17:00');
    expect(formatWorkingHours({ kind: 'always' })).toBe('always');
  });

  it.each([
    '7:30-17:00',
    '07:30',
    '17:00-07:30',
    '07:30-07:30',
    '25:00-26:00',
    '07:60-17:00',
    '24:00-24:00',
    'sometimes',
  ])('refuses %s, naming the setting', (text) => {
    expect(() => parseWorkingHours(text)).toThrow(ValidationError);
    expect(() => parseWorkingHours(text)).toThrow(/DONDOC_WORKING_HOURS/);
  });
});

describe('delivery window', () => {
  it('sends at once inside the hours of a working day', () => {
    expect(deliveryWindow(vn('2026-12-17T10:00:00'), office, calendar)).toEqual({
      inside: true,
      sendAt: vn('2026-12-17T10:00:00'),
    });
  });

  it('opens at exactly 07:30 and closes at exactly 17:00', () => {
    expect(isWithinWorkingHours(vn('2026-12-17T07:30:00'), office, calendar)).toBe(true);
    expect(isWithinWorkingHours(vn('2026-12-17T16:59:59.999'), office, calendar)).toBe(true);
    expect(isWithinWorkingHours(vn('2026-12-17T17:00:00'), office, calendar)).toBe(false);
  });

  it('holds a notice due just before opening until 07:30 the same day', () => {
    expect(deliveryWindow(vn('2026-12-17T07:29:59.999'), office, calendar)).toEqual({
      inside: false,
      sendAt: vn('2026-12-17T07:30:00'),
    });
    expect(deliveryWindow(vn('2026-12-17T00:00:00'), office, calendar).sendAt).toBe(vn('2026-12-17T07:30:00'));
  });

  it('holds a notice due at or after closing until 07:30 of the next working day', () => {
    expect(deliveryWindow(vn('2026-12-17T17:00:00'), office, calendar)).toEqual({
      inside: false,
      sendAt: vn('2026-12-18T07:30:00'),
    });
    expect(deliveryWindow(vn('2026-12-17T23:59:59.999'), office, calendar).sendAt).toBe(vn('2026-12-18T07:30:00'));
  });

  it('holds a Friday evening notice over the weekend until Monday', () => {
    expect(deliveryWindow(vn('2026-12-18T18:00:00'), office, calendar).sendAt).toBe(vn('2026-12-21T07:30:00'));
    expect(deliveryWindow(vn('2026-12-19T09:00:00'), office, calendar).sendAt).toBe(vn('2026-12-21T07:30:00'));
    expect(deliveryWindow(vn('2026-12-20T12:00:00'), office, calendar).sendAt).toBe(vn('2026-12-21T07:30:00'));
  });

  it('holds a notice through Tết 2026 (14–22 February) until the Monday after', () => {
    expect(deliveryWindow(vn('2026-02-13T17:30:00'), office, calendar).sendAt).toBe(vn('2026-02-23T07:30:00'));
    expect(deliveryWindow(vn('2026-02-17T10:00:00'), office, calendar)).toEqual({
      inside: false,
      sendAt: vn('2026-02-23T07:30:00'),
    });
  });

  it('sends on a Saturday worked in exchange for a day off (10 January 2026 for 2 January)', () => {
    expect(deliveryWindow(vn('2026-01-09T18:00:00'), office, calendar).sendAt).toBe(vn('2026-01-10T07:30:00'));
    expect(isWithinWorkingHours(vn('2026-01-10T09:00:00'), office, calendar)).toBe(true);
    // New Year's Day and the Friday swapped off after it are both days off: Monday 5 January.
    expect(deliveryWindow(vn('2026-01-01T10:00:00'), office, calendar).sendAt).toBe(vn('2026-01-05T07:30:00'));
  });

  it('reads the time of day in Vietnam whatever the UTC date', () => {
    // 2026-12-17T01:00Z is 08:00 in Vietnam: inside, though 01:00 UTC is outside any office day.
    expect(isWithinWorkingHours(Date.parse('2026-12-17T01:00:00Z'), office, calendar)).toBe(true);
    // 2026-12-17T23:00Z is 06:00 on Friday the 18th in Vietnam.
    expect(deliveryWindow(Date.parse('2026-12-17T23:00:00Z'), office, calendar).sendAt).toBe(vn('2026-12-18T07:30:00'));
  });

  it('never holds with `always`, even during Tết at night', () => {
    const at = vn('2026-02-17T02:00:00');
    expect(deliveryWindow(at, { kind: 'always' }, calendar)).toEqual({ inside: true, sendAt: at });
  });

  it('refuses an instant that is not a number', () => {
    expect(() => deliveryWindow(Number.NaN, office, calendar)).toThrow(ValidationError);
  });
});

describe('working days until a deadline', () => {
  it('counts 1 from Thursday to a Friday deadline and 0 on the day itself or after', () => {
    const friday = vn('2026-12-18T17:00:00');
    expect(workingDaysUntil(vn('2026-12-17T09:00:00'), friday, calendar)).toBe(1);
    expect(workingDaysUntil(vn('2026-12-18T08:00:00'), friday, calendar)).toBe(0);
    expect(workingDaysUntil(vn('2026-12-21T08:00:00'), friday, calendar)).toBe(0);
  });

  it('skips weekends and Tết', () => {
    expect(workingDaysUntil(vn('2026-12-18T09:00:00'), vn('2026-12-22T17:00:00'), calendar)).toBe(2);
    expect(workingDaysUntil(vn('2026-02-13T09:00:00'), vn('2026-02-24T17:00:00'), calendar)).toBe(2);
  });
});
