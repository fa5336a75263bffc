import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, type ApiQueryOptions } from '@nestjs/swagger';
import { UNIT_LEVELS } from '../units/units.dto';
import { TrendReportResponse, UnitStatisticsReportResponse } from './statistics.responses';
import { ApiErrors } from '../openapi/responses';
import type { Response } from 'express';
import { Roles } from '../http/access.guard';
import { parseStatisticsQuery, parseTrendEvery, TREND_BUCKETS, type RawStatisticsQuery } from './statistics-query';
import { contentDisposition, reportFileName, writeCsv, writeXlsx } from './statistics-report';
import { StatisticsService, type TrendReport, type UnitStatisticsReport } from './statistics.service';

/** The media type of an XLSX workbook. */
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const PERIOD_QUERIES: ApiQueryOptions[] = [
  {
    name: 'from',
    required: true,
    type: String,
    format: 'date',
    description: 'First day of the period (YYYY-MM-DD, Vietnam); a task is in the period by its first deadline',
  },
  {
    name: 'to',
    required: true,
    type: String,
    format: 'date',
    description: 'Last day of the period, included; at most 5 years after from',
  },
  { name: 'unitId', required: false, type: String, description: 'Only this unit and the units below it' },
  { name: 'depth', required: false, type: Number, description: 'Levels below unitId (all when absent)' },
  {
    name: 'level',
    required: false,
    enum: [...UNIT_LEVELS],
    description: 'Only units of these levels (comma-separated)',
  },
  { name: 'issuerUnitId', required: false, type: String, description: 'Only tasks of directives this unit issued' },
];

/** Applies the period's query documentation to a handler. */
function PeriodQueries(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const q of PERIOD_QUERIES) ApiQuery({ ...q })(target, key, descriptor);
  };
}

/**
 * On-time statistics per unit and per month, and the per-unit report as XLSX or CSV
 * (docs/statistics.md). Who reads what is the scope of docs/auth.md: a supervisor the cascades
 * its body coordinates, a clerk its unit's directives' cascades, an admin every task.
 */
@ApiTags('statistics')
@ApiErrors({ status: 404, description: '`unitId` names no unit, or one outside what the caller may read' })
@Roles('supervisor', 'clerk', 'admin')
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  /** Declared before `units` only for readability: Nest matches `units.xlsx` exactly. */
  @Get('units.xlsx')
  @ApiOperation({ summary: 'The per-unit statistics as an XLSX report (Vietnamese headings, totals row)' })
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({
    description: 'The report as a workbook, named in Content-Disposition',
    content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @PeriodQueries()
  async unitsXlsx(@Query() raw: RawStatisticsQuery, @Res() res: Response): Promise<void> {
    const report = await this.statistics.units(parseStatisticsQuery(raw));
    res.status(200).type(XLSX_TYPE);
    res.setHeader('Content-Disposition', contentDisposition(reportFileName(report, 'xlsx')));
    await writeXlsx(report, res);
  }

  @Get('units.csv')
  @ApiOperation({ summary: 'The per-unit statistics as CSV (UTF-8 with BOM, RFC 4180)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'The report as CSV, named in Content-Disposition',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @PeriodQueries()
  async unitsCsv(@Query() raw: RawStatisticsQuery, @Res() res: Response): Promise<void> {
    const report = await this.statistics.units(parseStatisticsQuery(raw));
    res.status(200).type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', contentDisposition(reportFileName(report, 'csv')));
    await writeCsv(report, res);
  }

  @Get('units')
  @ApiOkResponse({ type: UnitStatisticsReportResponse })
  @ApiOperation({
    summary:
      'For each unit, the tasks due in the period: on time, late, open, overdue, waived, cancelled; the on-time rate',
  })
  @PeriodQueries()
  async units(@Query() raw: RawStatisticsQuery): Promise<UnitStatisticsReport> {
    return this.statistics.units(parseStatisticsQuery(raw));
  }

  @Get('trend')
  @ApiOkResponse({ type: TrendReportResponse })
  @ApiOperation({ summary: 'The same counts per month (or quarter, or year) of the period, for charts' })
  @PeriodQueries()
  @ApiQuery({
    name: 'every',
    required: false,
    enum: Object.keys(TREND_BUCKETS),
    description: 'Bucket length (P1M when absent)',
  })
  async trend(@Query() raw: RawStatisticsQuery & { every?: string }): Promise<TrendReport> {
    const every = parseTrendEvery(raw.every);
    return this.statistics.trend(parseStatisticsQuery(raw), every);
  }
}
