import { ValidationError } from './errors';
import { formatLocalDate, parseLocalDate, weekdayOf } from './local-date';
import { lunarToSolar } from './lunar-calendar';

/** A day off that follows from the law alone, for any year. */
export interface StatutoryDayOff {
  /** `YYYY-MM-DD`, local date in Vietnam. */
  date: string;
  name: string;
  /** `holiday`: named by art. 112(1); `compensatory`: given back for a holiday on a weekend, art. 112(3). */
  rule: 'holiday' | 'compensatory';
  /** Where the rule is written, shown next to the day. */
  source: string;
}

/** Years the rules are computed for: the law's lifetime is unknown, the lunar conversion is checked here. */
export const CALENDAR_YEAR_RANGE = Object.freeze({ min: 1990, max: 2100 });

const LABOUR_CODE = 'Bộ luật Lao động 2019, Điều 112 khoản 1';
const COMPENSATORY = 'Bộ luật Lao động 2019, Điều 112 khoản 3';

const isWeekend = (day: number): boolean => weekdayOf(day) === 0 || weekdayOf(day) === 6;

/**
 * The public holidays of art. 112(1) Labour Code 2019 in `year`, with the compensatory days of
 * art. 112(3) for those on a Saturday or Sunday (the public sector's weekly rest). The law leaves
 * some days to the Government's yearly announcement; the rules chosen here, which that
 * announcement overrides day by day, are:
 * - Tết Nguyên đán, 5 days: the last day of the lunar year and the 1st to 4th of month 1 (as in
 *   the 2026 schedule; 2024 and 2025 also fit 5 days around the 1st to 3rd, which are in every year);
 * - Quốc khánh, 2 days: 2/9 and 1/9 when 1/9 is a weekday, else 3/9 (as in 2024, 2025 and 2026);
 * - 1/1, 30/4, 1/5 and Giỗ Tổ Hùng Vương (10/3 lunar), one day each.
 * A compensatory day is the first weekday after the holiday's block that is not itself a holiday.
 * @throws ValidationError when `year` is outside CALENDAR_YEAR_RANGE.
 */
export function statutoryDaysOff(year: number): StatutoryDayOff[] {
  if (!Number.isSafeInteger(year) || year < CALENDAR_YEAR_RANGE.min || year > CALENDAR_YEAR_RANGE.max) {
    throw new ValidationError('year', `must be a year from ${CALENDAR_YEAR_RANGE.min} to ${CALENDAR_YEAR_RANGE.max}`);
  }
  const date = (month: number, day: number): number =>
    parseLocalDate(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  const tet = parseLocalDate(lunarToSolar(year, 1, 1));
  const sept1 = date(9, 1);
  const blocks: { name: string; days: number[] }[] = [
    { name: 'Tết Dương lịch', days: [date(1, 1)] },
    { name: 'Tết Nguyên đán', days: [tet - 1, tet, tet + 1, tet + 2, tet + 3] },
    { name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', days: [parseLocalDate(lunarToSolar(year, 3, 10))] },
    { name: 'Ngày Chiến thắng (30/4)', days: [date(4, 30)] },
    { name: 'Ngày Quốc tế Lao động (1/5)', days: [date(5, 1)] },
    { name: 'Quốc khánh', days: isWeekend(sept1) ? [sept1 + 1, sept1 + 2] : [sept1, sept1 + 1] },
  ];
  const holidays = new Map<number, string>();
  for (const block of blocks) for (const day of block.days) if (!holidays.has(day)) holidays.set(day, block.name);

  const result: StatutoryDayOff[] = [...holidays].map(([day, name]) => ({
    date: formatLocalDate(day),
    name,
    rule: 'holiday',
    source: LABOUR_CODE,
  }));
  const given = new Set<number>();
  // Blocks in date order, so two holidays close together (Giỗ Tổ next to 30/4) give their days back in turn.
  for (const block of [...blocks].sort((a, b) => a.days[0]! - b.days[0]!)) {
    const owed = block.days.filter((day) => isWeekend(day) && holidays.get(day) === block.name).length;
    let day = Math.max(...block.days);
    for (let left = owed; left > 0;) {
      day += 1;
      if (isWeekend(day) || holidays.has(day) || given.has(day)) continue;
      given.add(day);
      result.push({
        date: formatLocalDate(day),
        name: `Nghỉ bù ${block.name}`,
        rule: 'compensatory',
        source: COMPENSATORY,
      });
      left -= 1;
    }
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}
