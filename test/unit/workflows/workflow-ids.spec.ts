import { parseReportSeriesWorkflowId, reportSeriesWorkflowId } from '@dondoc/workflows/report-series/contract';
import { parseUnitTaskWorkflowId, unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';

const DIRECTIVE = '0b9d3c1e-5f7a-4c2e-9a1d-3e8f6b2c4d5a';

describe('workflow ids', () => {
  it('names a one-off task by directive and unit, as before periodic reports', () => {
    expect(unitTaskWorkflowId(DIRECTIVE, 'bac-kan-city/ubnd')).toBe(`task/${DIRECTIVE}/bac-kan-city/ubnd`);
    expect(parseUnitTaskWorkflowId(`task/${DIRECTIVE}/bac-kan-city/ubnd`)).toEqual({
      directiveId: DIRECTIVE,
      unitId: 'bac-kan-city/ubnd',
      period: null,
    });
  });

  it('names each period of a periodic report apart, and reads the period back whatever the unit id holds', () => {
    const ids = [0, 1, 12].map((n) => unitTaskWorkflowId(DIRECTIVE, 'so-tai-chinh/period@3', n));
    expect(new Set(ids).size).toBe(3);
    expect(ids[2]).toBe(`task/${DIRECTIVE}@12/so-tai-chinh/period@3`);
    expect(ids.map(parseUnitTaskWorkflowId)).toEqual(
      [0, 1, 12].map((period) => ({ directiveId: DIRECTIVE, unitId: 'so-tai-chinh/period@3', period })),
    );
    expect(unitTaskWorkflowId(DIRECTIVE, 'so-tai-chinh', 0)).not.toBe(unitTaskWorkflowId(DIRECTIVE, 'so-tai-chinh'));
  });

  it('names a report series by directive and unit', () => {
    expect(reportSeriesWorkflowId(DIRECTIVE, 'bac-kan-city/ubnd')).toBe(`series/${DIRECTIVE}/bac-kan-city/ubnd`);
    expect(parseReportSeriesWorkflowId(`series/${DIRECTIVE}/bac-kan-city/ubnd`)).toEqual({
      directiveId: DIRECTIVE,
      unitId: 'bac-kan-city/ubnd',
    });
    expect(parseReportSeriesWorkflowId(`task/${DIRECTIVE}/x`)).toBeUndefined();
  });
});
