import { lunarToSolar, solarToLunar } from '@dondoc/domain';
import published from './fixtures/vn-lunar-dates.json';
import { validationErrorOf } from './validation-error-of';

// The fixture is not produced by this code: see its _source (Chinese tables checked against
// independently computed new moons, read at UTC+7).
const tet = Object.entries(published.tet).map(([year, date]) => [Number(year), date] as const);
const hungKings = Object.entries(published.hungKings).map(([year, date]) => [Number(year), date] as const);

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it('covers every year from 1990 to 2050 in the published table', () => {
    expect(tet).toHaveLength(61);
    expect(hungKings).toHaveLength(61);
  });

  it.each(tet)('puts Tết (1/1 lunar) of %d on %s', (year, date) => {
    expect(lunarToSolar(year, 1, 1)).toBe(date);
    expect(solarToLunar(date)).toEqual({ year, month: 1, day: 1, leap: false });
  });

  it.each(hungKings)('puts Giỗ Tổ Hùng Vương (10/3 lunar) of %d on %s', (year, date) => {
    expect(lunarToSolar(year, 3, 10)).toBe(date);
  });

  describe('where Vietnam and China differ', () => {
    it.each([
      [1985, '1985-01-21', 'month 11 of 1984 differs, so Tết comes a month before the Chinese 20/2/1985'],
      [2007, '2007-02-17', 'the new moon at 16:14 UTC is still 17/2 at UTC+7, 18/2 in China'],
      [2030, '2030-02-02', 'the new moon at 16:07 UTC is still 2/2 at UTC+7, 3/2 in China'],
    ])('Tết %d is %s (%s)', (year, date) => {
      expect(lunarToSolar(year, 1, 1)).toBe(date);
    });
  });

  it('puts Tết 2027 (Đinh Mùi) on Saturday 6 February 2027', () => {
    expect(lunarToSolar(2027, 1, 1)).toBe('2027-02-06');
    expect(solarToLunar('2027-02-05')).toMatchObject({ year: 2026, month: 12, leap: false });
  });

  it('knows the leap month of 2023 (leap 2nd month, from 22/3/2023)', () => {
    expect(lunarToSolar(2023, 2, 1, true)).toBe('2023-03-22');
    expect(solarToLunar('2023-04-10')).toEqual({ year: 2023, month: 2, day: 20, leap: true });
    expect(validationErrorOf(() => lunarToSolar(2023, 3, 1, true)).problem).toBe('lunar year 2023 has no leap month 3');
    expect(validationErrorOf(() => lunarToSolar(2024, 3, 1, true)).problem).toBe('lunar year 2024 has no leap month');
  });

  it('rejects a month, day or year out of range, naming it', () => {
    expect(validationErrorOf(() => lunarToSolar(2027, 13, 1)).field).toBe('month');
    expect(validationErrorOf(() => lunarToSolar(2027, 1, 31)).field).toBe('day');
    expect(validationErrorOf(() => lunarToSolar(1800, 1, 1)).field).toBe('year');
  });
});
