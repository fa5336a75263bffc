import { FieldErrors } from '../errors/errors';
import { UNIT_LEVELS, type UnitLevel } from '../units/units.dto';

/** A period is at most this long: five years of figures is a report; more is a data export. */
export const MAX_PERIOD_YEARS = 5;
/** Far deeper than any real tree. */
export const MAX_DEPTH = 64;

/** Bucket lengths of GET /statistics/trend: the PostgreSQL `date_trunc` field and interval each one is. */
export const TREND_BUCKETS = {
  P1M: { field: 'month', step: '1 month' },
  P3M: { field: 'quarter', step: '3 months' },
  P1Y: { field: 'year', step: '1 year' },
} as const;

/** One of {@link TREND_BUCKETS}' keys. */
export type TrendEvery = keyof typeof TREND_BUCKETS;

/** Vietnam's offset (UTC+7, no daylight saving): a period's days are Vietnam's days. */
const VIETNAM_OFFSET = '+07:00';
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The filters of the statistics endpoints, checked. */
export interface StatisticsQuery {
  /** First day of the period, YYYY-MM-DD (Vietnam). */
  from: string;
  /** Last day of the period, included. */
  to: string;
  /** The period's start: 00:00 in Vietnam on `from`. */
  startsAt: Date;
  /** The period's end, excluded: 00:00 in Vietnam on the day after `to`. */
  endsBefore: Date;
  unitId?: string;
  /** Levels below `unitId` to include; undefined: all of them. */
  depth?: number;
  level?: UnitLevel[];
  issuerUnitId?: string;
}

/** The raw query string of the statistics endpoints. */
export interface RawStatisticsQuery {
  from?: string;
  to?: string;
  unitId?: string;
  depth?: string;
  level?: string;
  issuerUnitId?: string;
}

type Problem = { field: string; problem: string };

/** A real calendar date written YYYY-MM-DD, or the problem with it. */
function parseDay(field: string, raw: string | undefined, problems: Problem[]): string | undefined {
  if (raw === undefined || raw === '') {
    problems.push({ field, problem: 'is required: a date written YYYY-MM-DD, such as 2026-01-01' });
    return undefined;
  }
  const match = DATE_ONLY.exec(raw);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (!match || y < 1900 || check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    problems.push({
      field,
      problem: `must be a real date written YYYY-MM-DD, such as 2026-01-01 (got ${JSON.stringify(raw)})`,
    });
    return undefined;
  }
  return raw;
}

/** Checks every filter at once; a FieldErrors (400) lists each problem by its field. */
export function parseStatisticsQuery(raw: RawStatisticsQuery): StatisticsQuery {
  const problems: Problem[] = [];
  const from = parseDay('from', raw.from, problems);
  const to = parseDay('to', raw.to, problems);
  let depth: number | undefined;
  if (raw.depth !== undefined && raw.depth !== '') {
    depth = /^\d+$/.test(raw.depth) ? Number(raw.depth) : NaN;
    if (!Number.isInteger(depth) || depth > MAX_DEPTH)
      problems.push({
        field: 'depth',
        problem: `must be a whole number from 0 to ${MAX_DEPTH} (got ${JSON.stringify(raw.depth)})`,
      });
    if (raw.unitId === undefined || raw.unitId === '')
      problems.push({ field: 'depth', problem: 'counts levels below unitId: name unitId too' });
  }
  let level: UnitLevel[] | undefined;
  if (raw.level !== undefined && raw.level !== '') {
    const values = raw.level.split(',').map((v) => v.trim());
    const bad = values.filter((v) => !(UNIT_LEVELS as readonly string[]).includes(v));
    if (bad.length > 0)
      problems.push({ field: 'level', problem: `must be one of ${UNIT_LEVELS.join(', ')} (got ${bad.join(', ')})` });
    else level = values as UnitLevel[];
  }
  let startsAt: Date | undefined;
  let endsBefore: Date | undefined;
  if (from !== undefined && to !== undefined) {
    startsAt = new Date(`${from}T00:00:00${VIETNAM_OFFSET}`);
    endsBefore = new Date(new Date(`${to}T00:00:00${VIETNAM_OFFSET}`).getTime() + DAY_MS);
    const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
    const limit = Date.UTC(fy + MAX_PERIOD_YEARS, fm - 1, fd);
    if (from > to) problems.push({ field: 'from', problem: `is after to (${from} > ${to})` });
    else if (Date.parse(`${to}T00:00:00Z`) >= limit)
      problems.push({
        field: 'to',
        problem: `makes a period longer than ${MAX_PERIOD_YEARS} years (${from} to ${to}); ask for at most ${MAX_PERIOD_YEARS} years at a time`,
      });
  }
  if (problems.length > 0) throw new FieldErrors(problems);
  return {
    from: from!,
    to: to!,
    startsAt: startsAt!,
    endsBefore: endsBefore!,
    ...(raw.unitId ? { unitId: raw.unitId } : {}),
    ...(depth !== undefined ? { depth } : {}),
    ...(level ? { level } : {}),
    ...(raw.issuerUnitId ? { issuerUnitId: raw.issuerUnitId } : {}),
  };
}

/** The bucket length of a trend; P1M when absent. */
export function parseTrendEvery(raw: string | undefined): TrendEvery {
  if (raw === undefined || raw === '') return 'P1M';
  if (Object.hasOwn(TREND_BUCKETS, raw)) return raw as TrendEvery;
  throw new FieldErrors([
    {
      field: 'every',
      problem: `must be one of ${Object.keys(TREND_BUCKETS).join(', ')} (a month, a quarter, a year; got ${JSON.stringify(raw)})`,
    },
  ]);
}
