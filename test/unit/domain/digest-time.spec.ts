import { DEFAULT_DIGEST_AT, ValidationError, nextDigestDay, parseDigestAt, vietnamCalendar } from '@dondoc/domain';

/** An instant written as Vietnam wall-clock time. */
const vn = (local: string): number => Date.parse(`${local}+07:00`);
const calendar = vietnamCalendar();
const at0730 = parseDigestAt(undefined);

describe('digest time setting', () => {
  it('defaults to 07:30 when unset or blank', () => {
    expect(DEFAULT_DIGEST_AT).toBe('07:30');
    expect(parseDigestAt(undefined)).toBe(450);
    expect(parseDigestAt('  ')).toBe(450);
    expect(parseDigestAt('16:05')).toBe(16 * 60 + 5);
  });

  it.each(['7:30', '24:00', '07:60', 'morning', '07:30-08:00'])('refuses %p naming DONDOC_DIGEST_AT', (text) => {
    expect(() => parseDigestAt(text)).toThrow(ValidationError);
    expect(() => parseDigestAt(text)).toThrow(/^DONDOC_DIGEST_AT: must be a time of day such as 07:30/);
  });
});

describe('next digest day', () => {
  it('is today at 07:30 when today is a working day and 07:30 is still ahead', () => {
    expect(nextDigestDay(vn('2026-12-08T06:00:00'), at0730, calendar)).toEqual({
      date: '2026-12-08',
      at: vn('2026-12-08T07:30:00'),
    });
  });

  it('is the next working day once 07:30 has passed, strictly after the instant', () => {
    expect(nextDigestDay(vn('2026-12-08T07:30:00'), at0730, calendar).date).toBe('2026-12-09');
    expect(nextDigestDay(vn('2026-12-08T07:29:59.999'), at0730, calendar).date).toBe('2026-12-08');
  });

  it('skips the weekend: Friday evening gives Monday', () => {
    expect(nextDigestDay(vn('2026-12-04T18:00:00'), at0730, calendar)).toEqual({
      date: '2026-12-07',
      at: vn('2026-12-07T07:30:00'),
    });
  });

  it('skips New Year’s Day and the weekend after it', () => {
    expect(nextDigestDay(vn('2026-12-31T08:00:00'), at0730, calendar).date).toBe('2027-01-04');
  });

  it('follows the setting’s time of day', () => {
    const at0615 = parseDigestAt('06:15');
    expect(nextDigestDay(vn('2026-12-08T06:00:00'), at0615, calendar).at).toBe(vn('2026-12-08T06:15:00'));
    expect(nextDigestDay(vn('2026-12-08T06:20:00'), at0615, calendar).at).toBe(vn('2026-12-09T06:15:00'));
  });
});
