import { FieldErrors } from '../../../apps/api/src/errors/errors';
import { parseStatisticsQuery, parseTrendEvery } from '../../../apps/api/src/statistics/statistics-query';
import { contentDisposition, formatPercent } from '../../../apps/api/src/statistics/statistics-report';

/** The fields a FieldErrors names, or [] when `fn` does not throw one. */
function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
    return [];
  } catch (error) {
    if (error instanceof FieldErrors) return error.errors.map((e) => e.field);
    throw error;
  }
}

describe('statistics query', () => {
  it("reads a period as Vietnam's whole days, both ends included", () => {
    const q = parseStatisticsQuery({ from: '2026-01-01', to: '2026-12-31' });
    expect(q.startsAt.toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(q.endsBefore.toISOString()).toBe('2026-12-31T17:00:00.000Z');
  });

  it('accepts a period of just under five years and refuses five years', () => {
    expect(fieldsOf(() => parseStatisticsQuery({ from: '2021-01-01', to: '2025-12-31' }))).toEqual([]);
    expect(fieldsOf(() => parseStatisticsQuery({ from: '2021-01-01', to: '2026-01-01' }))).toEqual(['to']);
  });

  it('names every bad field at once', () => {
    expect(fieldsOf(() => parseStatisticsQuery({ from: '2026-13-01', to: 'mai', depth: '2', level: 'lang' }))).toEqual([
      'from',
      'to',
      'depth',
      'level',
    ]);
  });

  it('takes depth only as a whole number with a unit', () => {
    expect(parseStatisticsQuery({ from: '2026-01-01', to: '2026-01-31', unitId: 'u', depth: '0' }).depth).toBe(0);
    expect(
      fieldsOf(() => parseStatisticsQuery({ from: '2026-01-01', to: '2026-01-31', unitId: 'u', depth: '1e1' })),
    ).toEqual(['depth']);
  });

  it('knows the trend buckets and nothing else', () => {
    expect(parseTrendEvery(undefined)).toBe('P1M');
    expect(parseTrendEvery('P3M')).toBe('P3M');
    expect(fieldsOf(() => parseTrendEvery('toString'))).toEqual(['every']);
  });
});

describe('statistics report', () => {
  it('writes rates as a Vietnamese reader does', () => {
    expect(formatPercent(3 / 7)).toBe('42,9%');
    expect(formatPercent(null)).toBe('');
  });

  it('gives a Vietnamese file name in RFC 5987 form with an ASCII fallback', () => {
    expect(contentDisposition('Thống kê "đúng hạn".xlsx')).toBe(
      `attachment; filename="Thong ke _dung han_.xlsx"; filename*=UTF-8''Th%E1%BB%91ng%20k%C3%AA%20%22%C4%91%C3%BAng%20h%E1%BA%A1n%22.xlsx`,
    );
  });
});
