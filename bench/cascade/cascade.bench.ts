/**
 * Cascade read benchmark (figures, not assertions). On one private stack (Temporal dev server,
 * PostgreSQL, Dondoc worker and API) it builds a 4-level cascade of about 20,000 tasks
 * (cascade-seed.ts: the root through the API, the levels below as rows), then measures, with
 * 10 concurrent clients on loopback, the latency of
 *   - GET /directives/:root/tree (the whole cascade, every count), and
 *   - GET /tasks/:id/path from a task at the deepest level up to the root.
 * Latency is request sent → body fully received; the client does not parse the body while
 * timing (a 20,000-task tree is several MB), it checks one answer of each kind beforehand.
 * Last line: {"tasks":N,"treeP50Ms":…,"treeP95Ms":…,"pathP50Ms":…,"pathP95Ms":…}
 *
 * Usage: npm run bench:cascade [-- DISTRICTS_PER_PROVINCE]   (default 20: 20,210 tasks)
 */
import { startStack, type Stack } from '../../test/integration/support/stack';
import { seedCascade, type CascadeShape, type SeededCascade } from './cascade-seed';

const shape: CascadeShape = {
  provinces: 10,
  districtsPerProvince: Number(process.argv[2] ?? process.env.BENCH_DISTRICTS ?? 20),
  communesPerDistrict: 10,
  cellsPerCommune: 9,
};
const CLIENTS = 10;
const TREE_REQUESTS_PER_CLIENT = 20;
const PATH_REQUESTS_PER_CLIENT = 50;
const WARM_UP = 5;

/** GET `url` and read the whole body; milliseconds, or an error on a non-200 answer. */
async function timedGet(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  const body = await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
  return elapsed;
}

/** `clients` loops, each sending `perClient` requests one after the other; all latencies. */
async function measure(clients: number, perClient: number, url: (client: number, i: number) => string): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < perClient; i += 1) latencies.push(await timedGet(url(client, i)));
    }),
  );
  return latencies;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number(sorted[index]!.toFixed(1));
}

/** One answer of each kind, parsed and checked, so the timings are of correct answers. */
async function check(stack: Stack, seeded: SeededCascade): Promise<void> {
  const tree = (await (await fetch(`${stack.baseUrl}/directives/${seeded.rootId}/tree`)).json()) as { totals: { total: number }; directiveCount: number };
  if (tree.totals.total !== seeded.taskCount || tree.directiveCount !== seeded.directiveCount) {
    throw new Error(`tree counts ${tree.totals.total} tasks in ${tree.directiveCount} directives, expected ${seeded.taskCount} in ${seeded.directiveCount}`);
  }
  const path = (await (await fetch(`${stack.baseUrl}/tasks/${seeded.deepestTaskIds[0]!}/path`)).json()) as { directive: { id: string } }[];
  if (path.length !== 4 || path[3]?.directive.id !== seeded.rootId) throw new Error(`path has ${path.length} steps, expected 4 ending at the root`);
}

async function main(): Promise<void> {
  // The harness unref()s its child processes (so a test that forgets stop() cannot hang jest);
  // a plain script must hold its own event loop open while it waits on them.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    await run();
  } finally {
    clearInterval(keepAlive);
  }
}

async function run(): Promise<void> {
  const stack = await startStack({ name: 'bench-cascade' });
  try {
    const seedStarted = performance.now();
    const seeded = await seedCascade(stack, shape);
    console.log(`seeded ${seeded.taskCount} tasks in ${seeded.directiveCount} directives in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    await check(stack, seeded);
    const treeUrl = `${stack.baseUrl}/directives/${seeded.rootId}/tree`;
    const deepest = seeded.deepestTaskIds;
    const pathUrl = (client: number, i: number): string => `${stack.baseUrl}/tasks/${deepest[(client * 7919 + i * 104_729) % deepest.length]!}/path`;

    await measure(2, WARM_UP, () => treeUrl);
    await measure(2, WARM_UP, pathUrl);
    const tree = await measure(CLIENTS, TREE_REQUESTS_PER_CLIENT, () => treeUrl);
    const path = await measure(CLIENTS, PATH_REQUESTS_PER_CLIENT, pathUrl);
    const figures = {
      tasks: seeded.taskCount,
      treeP50Ms: percentile(tree, 50),
      treeP95Ms: percentile(tree, 95),
      pathP50Ms: percentile(path, 50),
      pathP95Ms: percentile(path, 95),
    };
    console.log(`tree: ${tree.length} requests by ${CLIENTS} clients; path: ${path.length} requests by ${CLIENTS} clients`);
    console.log(JSON.stringify(figures));
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
