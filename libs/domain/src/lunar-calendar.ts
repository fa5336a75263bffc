import { ValidationError } from './errors';
import { formatLocalDate, parseLocalDate } from './local-date';

/**
 * The Vietnamese lunisolar calendar (âm lịch), computed from astronomy at UTC+07:00.
 *
 * Rules: a month starts on the civil day (in Vietnam) of a new moon; month 11 is the one holding
 * the winter solstice; a year of 13 months between two months 11 repeats, as its leap month, the
 * first month holding no major solar term (trung khí). Vietnam reads these instants at UTC+7,
 * China at UTC+8, so a new moon between 16:00 and 17:00 UTC starts the month a day earlier here
 * (Tết 2007, 2030). New moons and solar longitudes use the abridged series in Jean Meeus,
 * "Astronomical Algorithms" (ch. 25 and 49), accurate to minutes over 1900–2100; this is the
 * method Hồ Ngọc Đức published for the Vietnamese calendar.
 */

/** A lunar date: `leap` marks the repeated (nhuận) month. */
export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

/** Years the conversion is checked for; outside them the series drift and the Government's tables rule. */
export const LUNAR_YEAR_RANGE = Object.freeze({ min: 1900, max: 2199 });

const TIME_ZONE_HOURS = 7;
/** Julian day number of 1970-01-01, so day numbers (days since the epoch) convert by one addition. */
const JDN_OF_EPOCH = 2_440_588;
/** Julian date of the mean new moon of 1900-01-01, k = 0 in Meeus' numbering. */
const NEW_MOON_EPOCH = 2_415_021.076998695;
const SYNODIC_MONTH = 29.530588853;
const RAD = Math.PI / 180;

/** Julian date (TT ≈ UT) of the k-th new moon after that of January 1900. */
function newMoonJd(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD;
  const latitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitude) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitude + sunAnomaly) -
    0.0004 * Math.sin(2 * latitude - sunAnomaly) -
    0.0006 * Math.sin(2 * latitude + moonAnomaly) +
    0.001 * Math.sin(2 * latitude - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  // ΔT (TT − UT) in days, from the polynomial fit Meeus gives for the years after 1620.
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + correction - deltaT;
}

/** Julian day number of the civil day in Vietnam on which the k-th new moon falls. */
function newMoonDay(k: number): number {
  return Math.floor(newMoonJd(k) + 0.5 + TIME_ZONE_HOURS / 24);
}

/** Apparent longitude of the sun, in radians [0, 2π), at a Julian date. */
function sunLongitude(jd: number): number {
  const t = (jd - 2_451_545.0) / 36_525;
  const t2 = t * t;
  const meanAnomaly = (357.5291 + 35_999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RAD;
  const meanLongitude = 280.46645 + 36_000.76983 * t + 0.0003032 * t2;
  const centre =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(meanAnomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * meanAnomaly) +
    0.00029 * Math.sin(3 * meanAnomaly);
  const longitude = (meanLongitude + centre) * RAD;
  return longitude - 2 * Math.PI * Math.floor(longitude / (2 * Math.PI));
}

/** Which of the 12 major solar terms (30° sectors, 0 = spring equinox) holds the sun at the start of a civil day in Vietnam. */
function majorTermAt(dayJdn: number): number {
  return Math.floor((sunLongitude(dayJdn - 0.5 - TIME_ZONE_HOURS / 24) / Math.PI) * 6);
}

/** Start (JDN) of the 11th lunar month — the one holding the winter solstice — that begins in or before December of `year`. */
function month11Start(year: number): number {
  const dec31 = parseLocalDate(`${String(year).padStart(4, '0')}-12-31`) + JDN_OF_EPOCH;
  const k = Math.floor((dec31 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  const start = newMoonDay(k);
  // Sector 9 (270°) begins at the solstice: a month starting past it is month 12, so month 11 began a month earlier.
  return majorTermAt(start) >= 9 ? newMoonDay(k - 1) : start;
}

/** Index (1-based, after month 11) of the leap month in a 13-month year starting at `start11`. */
function leapMonthOffset(start11: number): number {
  const k = Math.floor((start11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let term = majorTermAt(newMoonDay(k + i));
  let previous: number;
  do {
    previous = term;
    i += 1;
    term = majorTermAt(newMoonDay(k + i));
  } while (term !== previous && i < 14);
  return i - 1;
}

function assertYear(year: number, field: string): void {
  if (!Number.isSafeInteger(year) || year < LUNAR_YEAR_RANGE.min || year > LUNAR_YEAR_RANGE.max) {
    throw new ValidationError(field, `must be a year from ${LUNAR_YEAR_RANGE.min} to ${LUNAR_YEAR_RANGE.max}`);
  }
}

/**
 * The civil date (`YYYY-MM-DD`, Vietnam) of a lunar date, e.g. (2027, 1, 1) → 2027-02-06, Tết Đinh Mùi.
 * @throws ValidationError for a leap month the year does not have, or a year outside LUNAR_YEAR_RANGE.
 */
export function lunarToSolar(year: number, month: number, day: number, leap = false): string {
  assertYear(year, 'year');
  if (!Number.isSafeInteger(month) || month < 1 || month > 12)
    throw new ValidationError('month', 'must be a lunar month from 1 to 12');
  if (!Number.isSafeInteger(day) || day < 1 || day > 30)
    throw new ValidationError('day', 'must be a lunar day from 1 to 30');
  const [from, to] =
    month < 11 ? [month11Start(year - 1), month11Start(year)] : [month11Start(year), month11Start(year + 1)];
  let offset = (month - 11 + 12) % 12;
  if (to - from > 365) {
    const leapOffset = leapMonthOffset(from);
    const leapMonth = (leapOffset - 2 + 12) % 12;
    if (leap && month !== leapMonth) throw new ValidationError('leap', `lunar year ${year} has no leap month ${month}`);
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new ValidationError('leap', `lunar year ${year} has no leap month`);
  }
  const k = Math.floor(0.5 + (from - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  return formatLocalDate(newMoonDay(k + offset) + day - 1 - JDN_OF_EPOCH);
}

/** The lunar date of a civil date (`YYYY-MM-DD`) in Vietnam. */
export function solarToLunar(date: string): LunarDate {
  const dayJdn = parseLocalDate(date) + JDN_OF_EPOCH;
  const civilYear = Number(date.slice(0, 4));
  assertYear(civilYear, 'date');
  const k = Math.floor((dayJdn - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > dayJdn) monthStart = newMoonDay(k);
  let from = month11Start(civilYear);
  let to: number;
  let year: number;
  if (from >= monthStart) {
    year = civilYear;
    to = from;
    from = month11Start(civilYear - 1);
  } else {
    year = civilYear + 1;
    to = month11Start(civilYear + 1);
  }
  const monthsAfter11 = Math.floor((monthStart - from) / 29);
  let month = monthsAfter11 + 11;
  let leap = false;
  if (to - from > 365) {
    const leapOffset = leapMonthOffset(from);
    if (monthsAfter11 >= leapOffset) {
      month = monthsAfter11 + 10;
      leap = monthsAfter11 === leapOffset;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && monthsAfter11 < 4) year -= 1;
  return { year, month, day: dayJdn - monthStart + 1, leap };
}
