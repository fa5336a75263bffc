/**
 * Statistics benchmark (figures, and checks that the figures are of correct answers). On one
 * private stack it seeds about 100,000 tasks over about 3,000 units with deadlines over one year
 * (statistics-seed.ts), then measures, one request after the other:
 *   - GET /statistics/units for the whole year, as an administrator (every unit, every task);
 *   - the same as the centre's steering committee (a supervisor: the scope's cascade condition);
 *   - GET /statistics/units.xlsx for the whole year, as the supervisor;
 *   - GET /statistics/trend by month, as the supervisor;
 *   - and, as the baseline, the same per-unit aggregate as ONE plain SQL query written by hand
 *     (no scope, no unit names joined in code, no JSON), sent with `pg` on the same database.
 * Before timing, the API's answer is checked against the plain query's and against a count made
 * in code over every seeded task (the domain's classifyTask), unit by unit.
 * The plain query is timed with the server's defaults and with JIT off, as the API runs it; the
 * ratio is against the faster of the two (JIT off).
 * Last line: {"tasks":N,"units":N,"apiP50Ms":…,"apiP95Ms":…,"sqlP50Ms":…,"sqlP95Ms":…,"sqlJitOnP95Ms":…,"ratioP95":…,
 *   "supervisorP95Ms":…,"xlsxP95Ms":…,"trendP95Ms":…}
 *
 * Usage: npm run bench:statistics [-- ROOT_DIRECTIVES]   (default 33: 99,990 tasks; BENCH_REQUESTS, default 40)
 */
import { Client } from 'pg';
import { countTasks, type StatisticsCounts } from '@dondoc/domain';
import { startStack } from '../../test/integration/support/stack';
import { asAdmin, asSupervisor, withQuery } from '../../test/integration/support/api';
import type { RequestOptions } from '../../test/integration/support/stack';
import { runBench } from '../support/run-bench';
import { seedStatistics, type StatisticsShape } from './statistics-seed';

const YEAR = 2026;
const shape: StatisticsShape = {
  rootDirectives: Number(process.argv[2] ?? process.env.BENCH_ROOT_DIRECTIVES ?? 33),
  provinces: 30,
  districtsPerProvince: 10,
  communesPerDistrict: 9,
  year: YEAR,
};
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const WARM_UP = 3;
const PERIOD = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };

/** The per-unit aggregate written by hand, independently of the domain's SQL fragments. */
const PLAIN_SQL = `
  SELECT t.unit_id, u.name,
    count(*) FILTER (WHERE t.status = 'completed' AND COALESCE(t.submitted_at, t.completed_at) <= t.due_at) AS on_time,
    count(*) FILTER (WHERE t.status = 'completed' AND COALESCE(t.submitted_at, t.completed_at) <= LEAST(t.due_at, t.original_due_at)) AS on_time_original,
    count(*) FILTER (WHERE t.status = 'completed' AND COALESCE(t.submitted_at, t.completed_at) > t.due_at) AS late,
    count(*) FILTER (WHERE t.status IN ('assigned', 'acknowledged', 'in_progress') AND t.due_at < $3) AS overdue,
    count(*) FILTER (WHERE (t.status = 'submitted' OR t.status IN ('assigned', 'acknowledged', 'in_progress') AND t.due_at >= $3)) AS open,
    count(*) FILTER (WHERE t.status = 'waived') AS waived,
    count(*) FILTER (WHERE t.status = 'cancelled') AS cancelled,
    count(*) FILTER (WHERE t.status = 'reassigned') AS reassigned,
    count(*) FILTER (WHERE t.due_at > t.original_due_at) AS extended,
    count(*) FILTER (WHERE EXISTS (SELECT 1 FROM escalations e WHERE e.task_id = t.id)) AS escalated
  FROM tasks t JOIN units u ON u.id = t.unit_id
  WHERE t.original_due_at >= $1 AND t.original_due_at < $2
  GROUP BY t.unit_id, u.name`;

interface PlainRow {
  unit_id: string;
  on_time: string;
  on_time_original: string;
  late: string;
  overdue: string;
  open: string;
  waived: string;
  cancelled: string;
  reassigned: string;
  extended: string;
  escalated: string;
}

interface UnitRow extends StatisticsCounts {
  unitId: string;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!.toFixed(1));
}

/** `count` sequential runs of `fn` after a warm-up; milliseconds each. */
async function time(count: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i += 1) await fn();
  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await fn();
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/** The same figures, whichever way they were counted. */
function compare(
  what: string,
  expected: Map<string, Record<string, number>>,
  actual: Map<string, Record<string, number>>,
): void {
  if (expected.size !== actual.size) throw new Error(`${what}: ${actual.size} units, expected ${expected.size}`);
  for (const [unitId, counts] of expected) {
    const got = actual.get(unitId);
    if (JSON.stringify(got) !== JSON.stringify(counts))
      throw new Error(`${what}: unit ${unitId} has ${JSON.stringify(got)}, expected ${JSON.stringify(counts)}`);
  }
}

const flat = (c: StatisticsCounts): Record<string, number> => ({
  onTime: c.completedOnTime.byExtendedDeadline,
  onTimeOriginal: c.completedOnTime.byOriginalDeadline,
  late: c.completedLate,
  overdue: c.overdue,
  open: c.openWithinDeadline,
  waived: c.waived,
  cancelled: c.cancelled,
  reassigned: c.reassigned,
  extended: c.extended,
  escalated: c.escalated,
});

/** A plain row in the order of {@link flat}. */
const plainCounts = (r: PlainRow): Record<string, number> => ({
  onTime: Number(r.on_time),
  onTimeOriginal: Number(r.on_time_original),
  late: Number(r.late),
  overdue: Number(r.overdue),
  open: Number(r.open),
  waived: Number(r.waived),
  cancelled: Number(r.cancelled),
  reassigned: Number(r.reassigned),
  extended: Number(r.extended),
  escalated: Number(r.escalated),
});

async function run(): Promise<void> {
  const stack = await startStack({ name: 'bench-statistics' });
  const db = new Client({ connectionString: stack.databaseUrl });
  try {
    const seedStarted = performance.now();
    const seeded = await seedStatistics(stack, shape);
    console.log(
      `seeded ${seeded.taskCount} tasks in ${seeded.directiveCount} directives over ${seeded.unitCount} units in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    await db.connect();
    const startsAt = new Date(`${PERIOD.from}T00:00:00+07:00`);
    const endsBefore = new Date(`${YEAR + 1}-01-01T00:00:00+07:00`);
    const plain = async (): Promise<PlainRow[]> =>
      (await db.query<PlainRow>(PLAIN_SQL, [startsAt, endsBefore, new Date()])).rows;

    const admin = asAdmin('bench.reader');
    const supervisor = asSupervisor(seeded.coordinatorUnitId, 'bench.reader');
    const tokens = new Map<RequestOptions, string>([
      [admin, await stack.authorization(admin)],
      [supervisor, await stack.authorization(supervisor)],
    ]);
    const get = async (path: string, as: RequestOptions, query: Record<string, string> = {}): Promise<Response> => {
      const response = await fetch(`${stack.baseUrl}${withQuery(path, { ...PERIOD, ...query })}`, {
        headers: { authorization: tokens.get(as)! },
      });
      if (response.status !== 200)
        throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return response;
    };
    const units = async (as: RequestOptions): Promise<UnitRow[]> =>
      ((await (await get('/statistics/units', as)).json()) as { units: UnitRow[] }).units;

    // Correct answers first: the API, the plain query and a count in code agree unit by unit.
    const inCode = new Map<string, Record<string, number>>();
    const byUnit = new Map<string, typeof seeded.tasks>();
    for (const task of seeded.tasks) byUnit.set(task.unitId, [...(byUnit.get(task.unitId) ?? []), task]);
    const now = new Date();
    for (const [unitId, tasks] of byUnit) inCode.set(unitId, flat(countTasks(tasks, now)));
    const fromApi = new Map((await units(admin)).map((u) => [u.unitId, flat(u)]));
    const fromPlain = new Map((await plain()).map((r) => [r.unit_id, plainCounts(r)]));
    compare('API (admin) against the count in code', inCode, fromApi);
    compare('plain SQL against the count in code', inCode, fromPlain);
    compare(
      'API (supervisor) against the count in code',
      inCode,
      new Map((await units(supervisor)).map((u) => [u.unitId, flat(u)])),
    );
    console.log(`checked: ${fromApi.size} units agree between the API, the plain query and the count in code`);
    const explain = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS OFF) ${PLAIN_SQL}`, [
      startsAt,
      endsBefore,
      new Date(),
    ]);
    console.log(`plain query plan:\n  ${explain.rows.map((r) => r['QUERY PLAN']).join('\n  ')}`);

    const sqlDefault = await time(REQUESTS, plain);
    console.log(
      `plain SQL, server defaults (JIT on): p50 ${percentile(sqlDefault, 50)} ms, p95 ${percentile(sqlDefault, 95)} ms`,
    );
    // The API turns JIT off for its statistics query; the baseline gets the same treatment.
    await db.query('SET jit = off');
    const sql = await time(REQUESTS, plain);
    console.log(`plain SQL, JIT off: p50 ${percentile(sql, 50)} ms, p95 ${percentile(sql, 95)} ms`);
    const api = await time(REQUESTS, () => units(admin));
    console.log(
      `GET /statistics/units (admin, ${PERIOD.from}..${PERIOD.to}): p50 ${percentile(api, 50)} ms, p95 ${percentile(api, 95)} ms`,
    );
    const sup = await time(REQUESTS, () => units(supervisor));
    console.log(
      `GET /statistics/units (supervisor of the centre's steering committee): p50 ${percentile(sup, 50)} ms, p95 ${percentile(sup, 95)} ms`,
    );
    const xlsx = await time(Math.ceil(REQUESTS / 2), async () =>
      (await get('/statistics/units.xlsx', supervisor)).arrayBuffer(),
    );
    console.log(
      `GET /statistics/units.xlsx (supervisor): p50 ${percentile(xlsx, 50)} ms, p95 ${percentile(xlsx, 95)} ms`,
    );
    const trend = await time(REQUESTS, async () =>
      (await get('/statistics/trend', supervisor, { every: 'P1M' })).json(),
    );
    console.log(
      `GET /statistics/trend?every=P1M (supervisor): p50 ${percentile(trend, 50)} ms, p95 ${percentile(trend, 95)} ms`,
    );

    const figures = {
      tasks: seeded.taskCount,
      units: seeded.unitCount,
      apiP50Ms: percentile(api, 50),
      apiP95Ms: percentile(api, 95),
      sqlP50Ms: percentile(sql, 50),
      sqlP95Ms: percentile(sql, 95),
      sqlJitOnP95Ms: percentile(sqlDefault, 95),
      ratioP95: Number((percentile(api, 95) / percentile(sql, 95)).toFixed(2)),
      supervisorP95Ms: percentile(sup, 95),
      xlsxP95Ms: percentile(xlsx, 95),
      trendP95Ms: percentile(trend, 95),
    };
    console.log(JSON.stringify(figures));
  } finally {
    await db.end().catch(() => undefined);
    await stack.stop();
  }
}

runBench(run);
