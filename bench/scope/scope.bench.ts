/**
 * Large-scope benchmark (figures, not assertions). On one private stack it seeds (as rows,
 * scope-seed.ts) a province whose unit acts for its sub-units — districts and their communes,
 * 10,000 units below it by default — a twin province outside that scope, and an ordinary unit
 * with tasks of its own; then, alternating in the same run, it times GET /tasks for
 *   - an officer of the acting province (every task of 10,000 sub-units is theirs to read), and
 *   - an officer of the ordinary unit (their own unit's tasks only),
 * both the first page and a page further in (following nextCursor), with CLIENTS concurrent
 * clients on loopback. Latency is request sent → body fully received.
 * Last line: {"subUnits":N,"actingP50Ms":…,"actingP95Ms":…,"ordinaryP50Ms":…,"ordinaryP95Ms":…,"ratioP95":…}
 *
 * Usage: npm run bench:scope [-- DISTRICTS]   (default 100 districts × 99 communes + the districts:
 *   10,000 sub-units; BENCH_DIRECTIVES, default 5; BENCH_REQUESTS per person and page, default 100)
 */
import { startStack } from '../../test/integration/support/stack';
import { runBench } from '../support/run-bench';
import { seedScope, type ScopeShape } from './scope-seed';

const districts = Number(process.argv[2] ?? process.env.BENCH_DISTRICTS ?? 100);
const shape: ScopeShape = {
  districts,
  communesPerDistrict: Number(process.env.BENCH_COMMUNES ?? 99),
  directives: Number(process.env.BENCH_DIRECTIVES ?? 5),
  ordinaryTasks: Number(process.env.BENCH_ORDINARY_TASKS ?? 200),
};
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const WARM_UP = 10;

interface TaskPage {
  items: { id: string; unitId: string }[];
  nextCursor: string | null;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** One GET /tasks, timed; throws on anything but 200 with at least one task. */
async function timedList(url: string, authorization: string): Promise<{ ms: number; page: TaskPage }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization } });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  const page = JSON.parse(text) as TaskPage;
  if (page.items.length === 0) throw new Error(`GET ${url} listed no task`);
  return { ms, page };
}

runBench(async () => {
  const stack = await startStack({ name: 'bench-scope', env: { DONDOC_RATE_LIMIT: '0' } });
  try {
    const seedStarted = performance.now();
    const seeded = await seedScope(stack.databaseUrl, shape);
    console.log(
      `seeded ${seeded.subUnits} sub-units below ${seeded.actingUnit}: ${seeded.actingTasks} tasks in scope, ${seeded.outsideTasks} outside, in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    const people = {
      acting: {
        authorization: `Bearer ${await stack.token({ sub: 'bench.acting', unitId: seeded.actingUnit, roles: ['officer'] })}`,
        times: [] as number[],
        url: '',
      },
      ordinary: {
        authorization: `Bearer ${await stack.token({ sub: 'bench.ordinary', unitId: seeded.ordinaryUnit, roles: ['officer'] })}`,
        times: [] as number[],
        url: '',
      },
    };
    const first = `${stack.baseUrl}/tasks?limit=50`;
    for (const person of Object.values(people)) {
      // A page further in: the cursor after the first two pages.
      const one = await timedList(first, person.authorization);
      const two = await timedList(
        `${first}&cursor=${encodeURIComponent(one.page.nextCursor ?? '')}`,
        person.authorization,
      );
      person.url = `${first}&cursor=${encodeURIComponent(two.page.nextCursor ?? '')}`;
      for (let i = 0; i < WARM_UP; i += 1) await timedList(first, person.authorization);
    }
    const actingFirst = await timedList(first, people.acting.authorization);
    const outside = actingFirst.page.items.filter((t) => !t.unitId.startsWith(`${seeded.actingUnit}/`));
    if (outside.length > 0) throw new Error(`the acting officer listed tasks outside its scope: ${outside[0]?.unitId}`);

    let next = 0;
    const work = Array.from({ length: REQUESTS * 4 }, (_, i) => i);
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (;;) {
          const i = next;
          next += 1;
          if (i >= work.length) return;
          // Alternate person and page, so both run under the same load.
          const person = i % 2 === 0 ? people.acting : people.ordinary;
          const url = i % 4 < 2 ? first : person.url;
          person.times.push((await timedList(url, person.authorization)).ms);
        }
      }),
    );
    const figures = {
      subUnits: seeded.subUnits,
      actingTasks: seeded.actingTasks,
      actingP50Ms: Math.round(percentile(people.acting.times, 50)),
      actingP95Ms: Math.round(percentile(people.acting.times, 95)),
      ordinaryP50Ms: Math.round(percentile(people.ordinary.times, 50)),
      ordinaryP95Ms: Math.round(percentile(people.ordinary.times, 95)),
      ratioP95: 0,
    };
    figures.ratioP95 = Number((figures.actingP95Ms / Math.max(1, figures.ordinaryP95Ms)).toFixed(2));
    console.log(
      `GET /tasks, ${people.acting.times.length} requests each, ${CLIENTS} clients, first page and a later one: ` +
        `officer acting for ${seeded.subUnits} sub-units p50 ${figures.actingP50Ms} ms, p95 ${figures.actingP95Ms} ms; ` +
        `ordinary officer p50 ${figures.ordinaryP50Ms} ms, p95 ${figures.ordinaryP95Ms} ms (target: acting p95 < 200 ms)`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    await stack.stop();
  }
});
