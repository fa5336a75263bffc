import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  RAW_COUNT_NAMES,
  countsFromRaw,
  emptyCounts,
  escalationJoinSql,
  outcomeSql,
  sumCounts,
  type RawCounts,
  type StatisticsCounts,
} from '@dondoc/domain';
import { FieldErrors, NotFoundError } from '../errors/errors';
import { ScopeService } from '../scope/scope.service';
import type { Condition, Scope } from '../scope/scope';
import { MAX_DEPTH, TREND_BUCKETS, type StatisticsQuery, type TrendEvery } from './statistics-query';
import { describeScope, type ScopeDescription } from './statistics-scope';

/** One unit's row of GET /statistics/units: who, then its counts (its own tasks, not its sub-units'). */
export interface UnitStatistics extends StatisticsCounts {
  unitId: string;
  unitName: string;
  level: string;
  parentId: string | null;
  /** Levels below the requested unitId (0 for that unit); null when no unitId was asked for. */
  depth: number | null;
}

/** GET /statistics/units. */
export interface UnitStatisticsReport {
  period: { from: string; to: string };
  /** The instant "overdue" and "open within the deadline" were judged at. */
  asOf: string;
  scope: ScopeDescription;
  units: UnitStatistics[];
  totals: StatisticsCounts;
}

/** One bucket of GET /statistics/trend. */
export interface TrendBucket extends StatisticsCounts {
  /** First day of the bucket, YYYY-MM-DD (Vietnam). */
  from: string;
  /** Last day of the bucket, within the period. */
  to: string;
}

/** GET /statistics/trend. */
export interface TrendReport {
  period: { from: string; to: string };
  every: TrendEvery;
  asOf: string;
  scope: ScopeDescription;
  buckets: TrendBucket[];
  totals: StatisticsCounts;
}

/** The time zone a period's days and a trend's months are Vietnam's in. */
const ZONE = 'Asia/Ho_Chi_Minh';

/** `count(*) FILTER (…) AS "<name>"` for every raw count, from the domain's rules. */
function countColumns(t: string): string {
  const conditions = outcomeSql(t, 'CAST(:now AS timestamptz)');
  return RAW_COUNT_NAMES.map((name) => `count(*) FILTER (WHERE ${conditions[name]})::int AS "${name}"`).join(
    ',\n         ',
  );
}

function rawOf(row: Record<string, unknown>): RawCounts {
  return Object.fromEntries(RAW_COUNT_NAMES.map((name) => [name, Number(row[name] ?? 0)])) as unknown as RawCounts;
}

/** Per-unit and per-month on-time statistics of the tasks the caller may read (docs/statistics.md). */
@Injectable()
export class StatisticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scopes: ScopeService,
  ) {}

  /** Each unit's counts over the period: the units under `unitId` to `depth`, or every unit with a task counted. */
  async units(query: StatisticsQuery): Promise<UnitStatisticsReport> {
    const { visible, now, described } = await this.prepare(query);
    const params: Record<string, unknown> = { ...visible.params, ...this.periodParams(query, now) };
    const levelFilter = query.level ? 'AND u.level IN (:...levels)' : '';
    if (query.level) params.levels = query.level;
    let sql: string;
    if (query.unitId !== undefined) {
      Object.assign(params, { unitId: query.unitId, depth: query.depth ?? MAX_DEPTH });
      sql = `WITH RECURSIVE ${this.subtreeCte()},
        counted AS (${this.countedSql(query, visible, 'AND t.unit_id IN (SELECT id FROM sub)', 't.unit_id')})
        SELECT u.id, u.name, u.level, u.parent_id, sub.depth, counted.*
        FROM sub JOIN units u ON u.id = sub.id LEFT JOIN counted ON counted.unit_id = u.id
        WHERE TRUE ${levelFilter}
        ORDER BY sub.path`;
    } else {
      sql = `WITH counted AS (${this.countedSql(query, visible, '', 't.unit_id')})
        SELECT u.id, u.name, u.level, u.parent_id, NULL::int AS depth, counted.*
        FROM counted JOIN units u ON u.id = counted.unit_id
        WHERE TRUE ${levelFilter}
        ORDER BY u.name, u.id`;
    }
    if (query.issuerUnitId !== undefined) params.issuerUnitId = query.issuerUnitId;
    const rows = await this.run<
      Record<string, unknown> & {
        id: string;
        name: string;
        level: string;
        parent_id: string | null;
        depth: number | null;
      }
    >(sql, params);
    const units = rows.map((r) => ({
      unitId: r.id,
      unitName: r.name,
      level: r.level,
      parentId: r.parent_id,
      depth: r.depth === null ? null : Number(r.depth),
      ...countsFromRaw(rawOf(r)),
    }));
    return {
      period: { from: query.from, to: query.to },
      asOf: now.toISOString(),
      scope: described,
      units,
      totals: sumCounts(units),
    };
  }

  /** The counts of every bucket of the period (empty buckets included), by each task's first deadline. */
  async trend(query: StatisticsQuery, every: TrendEvery): Promise<TrendReport> {
    const { visible, now, described } = await this.prepare(query);
    const { field, step } = TREND_BUCKETS[every];
    const params: Record<string, unknown> = {
      ...visible.params,
      ...this.periodParams(query, now),
      from: query.from,
      to: query.to,
    };
    let unitFilter = '';
    let cte = '';
    if (query.unitId !== undefined) {
      Object.assign(params, { unitId: query.unitId, depth: query.depth ?? MAX_DEPTH });
      cte = `${this.subtreeCte()},`;
      unitFilter = 'AND t.unit_id IN (SELECT id FROM sub)';
    }
    if (query.issuerUnitId !== undefined) params.issuerUnitId = query.issuerUnitId;
    const bucket = `date_trunc('${field}', t.original_due_at AT TIME ZONE '${ZONE}')::date`;
    const sql = `WITH RECURSIVE ${cte}
      counted AS (${this.countedSql(query, visible, unitFilter, bucket, 'bucket')}),
      buckets AS (
        SELECT generate_series(date_trunc('${field}', CAST(:from AS date)), CAST(:to AS date), interval '${step}')::date AS bucket
      )
      SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket_from,
             to_char(LEAST((b.bucket + interval '${step}')::date - 1, CAST(:to AS date)), 'YYYY-MM-DD') AS bucket_to,
             counted.*
      FROM buckets b LEFT JOIN counted ON counted.bucket = b.bucket
      ORDER BY b.bucket`;
    const rows = await this.run<Record<string, unknown> & { bucket_from: string; bucket_to: string }>(sql, params);
    const buckets = rows.map((r) => ({
      from: r.bucket_from < query.from ? query.from : r.bucket_from,
      to: r.bucket_to,
      ...countsFromRaw(rawOf(r)),
    }));
    return {
      period: { from: query.from, to: query.to },
      every,
      asOf: now.toISOString(),
      scope: described,
      buckets,
      totals: buckets.length === 0 ? emptyCounts() : sumCounts(buckets),
    };
  }

  /** The caller's scope as a condition on tasks `t`, after checking the units the query names. */
  private async prepare(
    query: StatisticsQuery,
  ): Promise<{ visible: Condition; now: Date; described: ScopeDescription }> {
    const scope = await this.scopes.current();
    const visible: Condition = scope.has('admin') ? { sql: 'TRUE', params: {} } : scope.tasks('t', 'list');
    await this.checkUnits(query, scope, visible);
    const now = new Date();
    return { visible, now, described: await describeScope(this.dataSource, scope, query) };
  }

  /**
   * A unit that does not exist is a 400 naming the field (as in every body that names a unit);
   * one outside the caller's scope a 404, worded as for a unit that does not exist. A unit is in
   * scope when it is the caller's own or below it, or when the caller reads a task of it or of a
   * unit below it.
   */
  private async checkUnits(query: StatisticsQuery, scope: Scope, visible: Condition): Promise<void> {
    const named = [query.unitId, query.issuerUnitId].filter((id): id is string => id !== undefined);
    if (named.length === 0) return;
    const existing = new Set(
      (await this.dataSource.query<{ id: string }[]>(`SELECT id FROM units WHERE id = ANY($1)`, [named])).map(
        (r) => r.id,
      ),
    );
    const problems = (['unitId', 'issuerUnitId'] as const)
      .filter((field) => query[field] !== undefined && !existing.has(query[field]!))
      .map((field) => ({ field, problem: `names unit ${query[field]!}, which does not exist` }));
    if (problems.length > 0) throw new FieldErrors(problems);
    if (query.unitId === undefined || scope.has('admin')) return;
    const [row] = await this.run<{ inside: boolean }>(
      `WITH RECURSIVE sub(id, depth) AS (
         SELECT id, 0 FROM units WHERE id = :unitId
         UNION ALL SELECT u.id, s.depth + 1 FROM units u JOIN sub s ON u.parent_id = s.id WHERE s.depth < ${MAX_DEPTH}
       ), above(id, depth) AS (
         SELECT id, 0 FROM units WHERE id = :unitId
         UNION ALL SELECT u.parent_id, a.depth + 1 FROM units u JOIN above a ON u.id = a.id WHERE u.parent_id IS NOT NULL AND a.depth < ${MAX_DEPTH}
       )
       SELECT EXISTS (SELECT 1 FROM above WHERE id = :ownUnit)
           OR EXISTS (SELECT 1 FROM tasks t WHERE t.unit_id IN (SELECT id FROM sub) AND ${visible.sql}) AS inside`,
      { ...visible.params, unitId: query.unitId, ownUnit: scope.unitId },
    );
    if (row?.inside !== true) throw new NotFoundError('unit', query.unitId);
  }

  private periodParams(query: StatisticsQuery, now: Date): Record<string, unknown> {
    return { startsAt: query.startsAt, endsBefore: query.endsBefore, now };
  }

  /** The units under :unitId to :depth levels, with their path of names for a tree's order. */
  private subtreeCte(): string {
    return `sub(id, depth, path) AS (
         SELECT id, 0, ARRAY[name, id] FROM units WHERE id = :unitId
         UNION ALL
         SELECT u.id, s.depth + 1, s.path || ARRAY[u.name, u.id] FROM units u JOIN sub s ON u.parent_id = s.id WHERE s.depth < :depth
       )`;
  }

  /** The raw counts of the tasks in the period and scope, grouped by `group` (named `as`). */
  private countedSql(
    query: StatisticsQuery,
    visible: Condition,
    unitFilter: string,
    group: string,
    as = 'unit_id',
  ): string {
    const issuer =
      query.issuerUnitId !== undefined
        ? 'AND t.directive_id IN (SELECT d.id FROM directives d WHERE d.issuer_unit_id = :issuerUnitId)'
        : '';
    return `SELECT ${group} AS ${as},
         ${countColumns('t')}
       FROM tasks t ${escalationJoinSql('t')}
       WHERE t.original_due_at >= :startsAt AND t.original_due_at < :endsBefore
         AND ${visible.sql} ${unitFilter} ${issuer}
       GROUP BY 1`;
  }

  /**
   * Runs one statement with named parameters. JIT compilation is off for it: the planner's cost
   * of a year's aggregate passes `jit_above_cost`, and compiling then takes longer (about half a
   * second, measured by bench/statistics) than the whole query does without it.
   */
  private async run<T>(sql: string, params: Record<string, unknown>): Promise<T[]> {
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params, {});
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL jit = off');
      return manager.query<T[]>(text, values);
    });
  }
}
