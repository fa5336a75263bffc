import { Group as SvgGroup } from '@visx/group';
import { HeatmapRect } from '@visx/heatmap';
import { scaleLinear } from '@visx/scale';
import { useTranslation } from 'react-i18next';
import type { UnitStatisticsReport, UnitStatisticsRow } from '../api/types';
import { ScrollRegion } from '../layout/scroll-region';

/** A column of the heatmap: a month and its report (each unit's figures in that month). */
export interface HeatmapMonth {
  label: string;
  report: UnitStatisticsReport | undefined;
}

/** A cell as the heatmap lays it out: one unit in one month. */
interface Cell {
  bin: number;
  /** The on-time rate, or null when nothing came due that month. */
  rate: number | null;
  /** What a screen reader says for the cell. */
  spoken: string;
}

const CELL = 60;
const GAP = 3;
const LABEL_WIDTH = 180;
const HEADER_HEIGHT = 28;
/** Late to on time: red to green, both dark enough for white figures on them. */
const rateColour = scaleLinear<string>({ domain: [0, 1], range: ['#c92a2a', '#2b8a3e'] });
const NOTHING_DUE = '#495057';

/** A unit's name cut to fit its label column; the cell's spoken text keeps it whole. */
function shortName(name: string): string {
  return name.length > 24 ? `${name.slice(0, 23)}…` : name;
}

/**
 * On-time rate per unit (rows) and month (columns), drawn with visx. Each cell is an image named
 * by its unit, month and rate, so a screen reader reads the same figures a sighted person sees.
 */
export function OnTimeHeatmap({ units, months }: { units: UnitStatisticsRow[]; months: HeatmapMonth[] }) {
  const { t } = useTranslation();
  const rows = [...units].sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'));
  const columns = months.map((month) => {
    const byUnit = new Map((month.report?.units ?? []).map((row) => [row.unitId, row]));
    return {
      bin: 0,
      bins: rows.map((unit, row): Cell => {
        const rate = byUnit.get(unit.unitId)?.onTimeRate ?? null;
        const said =
          rate === null ? t('statistics.noneDue') : t('statistics.rate', { percent: Math.round(rate * 100) });
        return {
          bin: row,
          rate,
          spoken: t('statistics.cell', { unit: unit.unitName, month: month.label, rate: said }),
        };
      }),
    };
  });
  const width = LABEL_WIDTH + months.length * CELL;
  const height = HEADER_HEIGHT + rows.length * CELL;
  const xScale = scaleLinear<number>({ domain: [0, Math.max(months.length, 1)], range: [0, months.length * CELL] });
  const yScale = scaleLinear<number>({ domain: [0, Math.max(rows.length, 1)], range: [0, rows.length * CELL] });

  return (
    <ScrollRegion label={t('statistics.heatmap')} testId="heatmap">
      <svg width={width} height={height} role="group" aria-label={t('statistics.heatmap')}>
        <SvgGroup top={HEADER_HEIGHT} left={0} aria-hidden>
          {rows.map((unit, row) => (
            <text key={unit.unitId} x={0} y={row * CELL + CELL / 2} dominantBaseline="middle" fontSize={13}>
              {shortName(unit.unitName)}
            </text>
          ))}
        </SvgGroup>
        <SvgGroup top={0} left={LABEL_WIDTH} aria-hidden>
          {months.map((month, column) => (
            <text
              key={month.label}
              x={column * CELL + CELL / 2}
              y={HEADER_HEIGHT / 2}
              textAnchor="middle"
              fontSize={12}
            >
              {month.label}
            </text>
          ))}
        </SvgGroup>
        <SvgGroup top={HEADER_HEIGHT} left={LABEL_WIDTH}>
          <HeatmapRect<(typeof columns)[number], Cell>
            data={columns}
            bins={(column) => column.bins}
            xScale={(column) => xScale(column)}
            yScale={(row) => yScale(row)}
            binWidth={CELL}
            binHeight={CELL}
            gap={GAP}
          >
            {(grid) =>
              grid.map((column) =>
                column.map((cell) => {
                  const datum = cell.bin;
                  return (
                    <g key={`${cell.row}-${cell.column}`} role="img" aria-label={datum.spoken}>
                      <rect
                        x={cell.x}
                        y={cell.y}
                        width={cell.width}
                        height={cell.height}
                        rx={3}
                        fill={datum.rate === null ? NOTHING_DUE : rateColour(datum.rate)}
                      />
                      <text
                        x={cell.x + cell.width / 2}
                        y={cell.y + cell.height / 2}
                        textAnchor="middle"
                        dominantBaseline="middle"
                        fontSize={12}
                        fill="#fff"
                        aria-hidden
                      >
                        {datum.rate === null ? '–' : `${Math.round(datum.rate * 100)}%`}
                      </text>
                    </g>
                  );
                }),
              )
            }
          </HeatmapRect>
        </SvgGroup>
      </svg>
    </ScrollRegion>
  );
}
