import { WorkingCalendar, statutoryDaysOff, vietnamCalendar, type AnnouncedDay } from '@dondoc/domain';
import { validationErrorOf } from './validation-error-of';

/** An instant written as Vietnamese local time, parsed by the JS engine rather than the code under test. */
const vn = (local: string): number => Date.parse(`${local}+07:00`);
const off = (date: string, name = 'Nghỉ'): AnnouncedDay => ({ date, kind: 'day_off', name, source: 'Công văn thử' });
const worked = (date: string, name = 'Làm bù'): AnnouncedDay => ({
  date,
  kind: 'working_day',
  name,
  source: 'Công văn thử',
});

describe('statutory days off (Labour Code 2019 art. 112)', () => {
  it('computes 2027 from the rules alone: Tết Đinh Mùi 5–9/2 with two days back for its weekend, Giỗ Tổ 16/4', () => {
    const days = statutoryDaysOff(2027).map((day) => [day.date, day.rule]);
    expect(days).toEqual([
      ['2027-01-01', 'holiday'],
      ['2027-02-05', 'holiday'],
      ['2027-02-06', 'holiday'],
      ['2027-02-07', 'holiday'],
      ['2027-02-08', 'holiday'],
      ['2027-02-09', 'holiday'],
      ['2027-02-10', 'compensatory'],
      ['2027-02-11', 'compensatory'],
      ['2027-04-16', 'holiday'],
      ['2027-04-30', 'holiday'],
      ['2027-05-01', 'holiday'],
      ['2027-05-03', 'compensatory'],
      ['2027-09-01', 'holiday'],
      ['2027-09-02', 'holiday'],
    ]);
  });

  it('takes 3/9 with 2/9 when 1/9 is a weekend day (2024: 1/9 was a Sunday)', () => {
    const september = statutoryDaysOff(2024).filter((day) => day.date.startsWith('2024-09'));
    expect(september.map((day) => day.date)).toEqual(['2024-09-02', '2024-09-03']);
  });

  it('gives a compensatory day for a holiday on a Sunday (Giỗ Tổ 26/4/2026 → Monday 27/4)', () => {
    expect(statutoryDaysOff(2026).find((day) => day.date === '2026-04-27')).toMatchObject({
      rule: 'compensatory',
      name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)',
    });
  });

  it('names its source', () => {
    expect(statutoryDaysOff(2030)[0]).toEqual({
      date: '2030-01-01',
      name: 'Tết Dương lịch',
      rule: 'holiday',
      source: 'Bộ luật Lao động 2019, Điều 112 khoản 1',
    });
  });

  it('rejects a year outside 1990–2100', () => {
    expect(validationErrorOf(() => statutoryDaysOff(2101))).toMatchObject({
      field: 'year',
      problem: 'must be a year from 1990 to 2100',
    });
  });
});

describe('a calendar of rules and announced days', () => {
  const calendar = WorkingCalendar.of([
    worked('2027-02-13', 'Làm bù cho thứ Sáu 12/2/2027'),
    off('2027-02-12', 'Nghỉ hoán đổi'),
    worked('2027-09-01', 'Quốc khánh chỉ 2/9'),
  ]);

  it('follows the rules where nothing is announced, and the announcement where it is', () => {
    expect(calendar.isWorkingDay('2027-02-10')).toBe(false); // compensatory for Tết's weekend
    expect(calendar.isWorkingDay('2027-02-12')).toBe(false); // announced off
    expect(calendar.isWorkingDay('2027-02-13')).toBe(true); // a Saturday worked
    expect(calendar.isWorkingDay('2027-09-01')).toBe(true); // a statutory day announced as worked
    expect(calendar.isWorkingDay('2027-02-04')).toBe(true);
  });

  it('lists a year with why: computed days marked computed, announced days with their source', () => {
    const entries = calendar.entriesOf(2027);
    expect(entries.find((e) => e.date === '2027-02-06')).toEqual({
      date: '2027-02-06',
      kind: 'day_off',
      name: 'Tết Nguyên đán',
      source: 'Bộ luật Lao động 2019, Điều 112 khoản 1',
      computed: true,
    });
    expect(entries.find((e) => e.date === '2027-09-01')).toEqual({
      date: '2027-09-01',
      kind: 'working_day',
      name: 'Quốc khánh chỉ 2/9',
      source: 'Công văn thử',
      computed: false,
    });
    expect(entries.map((e) => e.date)).toEqual([...entries.map((e) => e.date)].sort());
  });

  it('the shipped calendar keeps the announced 2025 schedule over the rules (Monday 3/2/2025 worked)', () => {
    expect(vietnamCalendar().isWorkingDay('2025-02-03')).toBe(true);
    expect(vietnamCalendar().isWorkingDay('2027-02-08')).toBe(false);
  });
});

describe('working-day terms (Civil Code 2015 art. 147–148)', () => {
  const calendar = WorkingCalendar.of([worked('2027-02-20', 'Làm bù'), off('2027-02-19', 'Nghỉ hoán đổi')]);

  it('does not count the first day: issued on Monday, 1 working day ends Tuesday', () => {
    expect(calendar.workingDaysLater(vn('2027-03-01T08:00'), 1, '24:00')).toBe(vn('2027-03-02T23:59:59.999'));
  });

  it('ends at 17:00 when the setting says so', () => {
    expect(calendar.workingDaysLater(vn('2027-03-01T08:00'), 1, '17:00')).toBe(vn('2027-03-02T17:00'));
  });

  it('reads the issue day in Vietnam: 20:00 UTC on Sunday is already Monday there', () => {
    expect(calendar.workingDaysLater(Date.parse('2027-02-28T20:00:00Z'), 1, '24:00')).toBe(
      vn('2027-03-02T23:59:59.999'),
    );
  });

  it('counts across Tết 2027: 3 working days from Wednesday 3/2 end on Monday 15/2', () => {
    // 4/2 (1), then Tết 5–9/2 and its compensatory 10–11/2 are off, 12/2 (2), weekend, 15/2 (3).
    expect(calendar.workingDaysLater(vn('2027-02-03T09:00'), 3, '24:00')).toBe(vn('2027-02-15T23:59:59.999'));
  });

  it('never ends on a day off: a term whose last counted day would be a holiday runs to the next working day', () => {
    // Issued Thursday 29/4/2027: 30/4, 1/5 (Saturday) and 3/5 (compensatory) are off.
    expect(calendar.workingDaysLater(vn('2027-04-29T10:00'), 1, '24:00')).toBe(vn('2027-05-04T23:59:59.999'));
  });

  it('counts a swapped Saturday and skips the swapped Friday', () => {
    // From Thursday 18/2: Friday 19/2 is off, Saturday 20/2 worked.
    expect(calendar.workingDaysLater(vn('2027-02-18T09:00'), 1, '24:00')).toBe(vn('2027-02-20T23:59:59.999'));
  });

  it('shifts an instant by working days at the same time of day', () => {
    expect(calendar.shiftWorkingDays(vn('2027-02-15T23:59:59.999'), -3)).toBe(vn('2027-02-03T23:59:59.999'));
    expect(calendar.shiftWorkingDays(vn('2027-02-12T17:00'), 1)).toBe(vn('2027-02-15T17:00'));
  });

  it('rejects zero, negative or fractional terms', () => {
    for (const n of [0, -1, 1.5])
      expect(validationErrorOf(() => calendar.workingDaysLater(vn('2027-03-01T08:00'), n, '24:00')).field).toBe(
        'workingDays',
      );
  });
});
