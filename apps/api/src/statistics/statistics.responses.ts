/**
 * What the statistics endpoints answer as JSON, as response DTO classes for the OpenAPI
 * document; each implements the report the service builds, so the two cannot drift apart.
 */
import { ApiProperty } from '@nestjs/swagger';
import type { StatisticsCounts } from '@dondoc/domain';
import { TREND_BUCKETS, type TrendEvery } from './statistics-query';
import type { ScopeDescription } from './statistics-scope';
import type { TrendBucket, TrendReport, UnitStatistics, UnitStatisticsReport } from './statistics.service';

/** Tasks completed on time, by either deadline. */
export class CompletedOnTimeResponse {
  @ApiProperty({ description: 'Delivered by the deadline first given' })
  byOriginalDeadline!: number;

  @ApiProperty({ description: 'Delivered by the deadline in force (an extension counts)' })
  byExtendedDeadline!: number;
}

/** The counts of a unit, a bucket or the totals (docs/statistics.md). */
export class StatisticsCountsResponse implements StatisticsCounts {
  @ApiProperty({ description: 'Tasks owed: completed, open within the deadline, overdue' })
  due!: number;

  @ApiProperty({ type: CompletedOnTimeResponse })
  completedOnTime!: CompletedOnTimeResponse;

  @ApiProperty({ description: 'Delivered after the deadline in force' })
  completedLate!: number;

  @ApiProperty()
  openWithinDeadline!: number;

  @ApiProperty()
  overdue!: number;

  @ApiProperty()
  waived!: number;

  @ApiProperty()
  cancelled!: number;

  @ApiProperty({ description: 'Handed to another unit; not in `due`' })
  reassigned!: number;

  @ApiProperty()
  extended!: number;

  @ApiProperty()
  escalated!: number;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Null when nothing is due yet' })
  onTimeRate!: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 })
  onTimeRateByOriginalDeadline!: number | null;
}

/** The period a report covers. */
export class StatisticsPeriodResponse {
  @ApiProperty({ format: 'date' })
  from!: string;

  @ApiProperty({ format: 'date' })
  to!: string;
}

/** What a report covers, for its reader. */
export class ScopeDescriptionResponse implements ScopeDescription {
  @ApiProperty({ description: "The caller's unit" })
  unitId!: string;

  @ApiProperty({ type: [String] })
  roles!: string[];

  @ApiProperty({ description: 'Which tasks, in Vietnamese' })
  text!: string;

  @ApiProperty({ description: 'The filters, in Vietnamese; empty when there are none' })
  filters!: string;
}

/** One unit's row. */
export class UnitStatisticsResponse extends StatisticsCountsResponse implements UnitStatistics {
  @ApiProperty()
  unitId!: string;

  @ApiProperty()
  unitName!: string;

  @ApiProperty()
  level!: string;

  @ApiProperty({ type: String, nullable: true })
  parentId!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Levels below the requested unitId; null without one' })
  depth!: number | null;
}

/** GET /statistics/units. */
export class UnitStatisticsReportResponse implements UnitStatisticsReport {
  @ApiProperty({ type: StatisticsPeriodResponse })
  period!: StatisticsPeriodResponse;

  @ApiProperty({ format: 'date-time', description: 'When "overdue" and "open within the deadline" were judged' })
  asOf!: string;

  @ApiProperty({ type: ScopeDescriptionResponse })
  scope!: ScopeDescriptionResponse;

  @ApiProperty({ type: [UnitStatisticsResponse] })
  units!: UnitStatisticsResponse[];

  @ApiProperty({ type: StatisticsCountsResponse })
  totals!: StatisticsCountsResponse;
}

/** One bucket of a trend. */
export class TrendBucketResponse extends StatisticsCountsResponse implements TrendBucket {
  @ApiProperty({ format: 'date', description: 'First day of the bucket (Vietnam)' })
  from!: string;

  @ApiProperty({ format: 'date', description: 'Last day of the bucket, within the period' })
  to!: string;
}

/** GET /statistics/trend. */
export class TrendReportResponse implements TrendReport {
  @ApiProperty({ type: StatisticsPeriodResponse })
  period!: StatisticsPeriodResponse;

  @ApiProperty({ enum: Object.keys(TREND_BUCKETS) })
  every!: TrendEvery;

  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty({ type: ScopeDescriptionResponse })
  scope!: ScopeDescriptionResponse;

  @ApiProperty({ type: [TrendBucketResponse] })
  buckets!: TrendBucketResponse[];

  @ApiProperty({ type: StatisticsCountsResponse })
  totals!: StatisticsCountsResponse;
}
