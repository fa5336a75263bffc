/**
 * Cascade read benchmark (figures, not assertions). On one private stack (Temporal dev server,
 * PostgreSQL, Dondoc worker and API) it builds a 4-level cascade of about 20,000 tasks
 * (cascade-seed.ts: the root through the API, the levels below as rows), then measures, with
 * 10 concurrent clients on loopback, the latency of
 *   - GET /directives/:root/tree (the whole cascade, every count), and
 *   - GET /tasks/:id/path from a task at the deepest level up to the root.
 * Latency is request sent → body fully received, uncompressed; the client does not parse the
 * body while timing (a 20,000-task tree is ~6 MB), it checks one answer of each kind beforehand.
 * Last line: {"tasks":N,"treeP50Ms":…,"treeP95Ms":…,"pathP50Ms":…,"pathP95Ms":…}
 *
 * Usage: npm run bench:cascade [-- DISTRICTS_PER_PROVINCE]   (default 20: 20,210 tasks)
 */
import http from 'node:http';
import { startStack, type Stack } from '../../test/integration/support/stack';
import { seedCascade, type CascadeShape, type SeededCascade } from './cascade-seed';
import { runBench } from '../support/run-bench';

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

/** Keep-alive, one socket per client: like a browser tab polling a dashboard. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 2 * CLIENTS });

/**
 * GET `url` and receive the whole body, uncompressed (no Accept-Encoding), counting its bytes
 * without keeping them: the ten clients share this process's one thread, and buffering or
 * decompressing ten 6 MB bodies here would time the client rather than the API (wrk does the
 * same). Milliseconds, or an error on a non-200 answer.
 */
function timedGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { agent, timeout: 60_000 }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('error', reject);
      response.on('end', () => {
        if (response.statusCode !== 200 || bytes === 0) reject(new Error(`GET ${url} answered ${response.statusCode ?? '?'} with ${bytes} bytes`));
        else resolve(performance.now() - started);
      });
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
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
    // One client alone first: the cost of one tree with nobody to share the load with.
    const single = await measure(1, TREE_REQUESTS_PER_CLIENT, () => treeUrl);
    console.log(`tree, one client: p50 ${percentile(single, 50)} ms, p95 ${percentile(single, 95)} ms`);
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
    agent.destroy();
    await stack.stop();
  }
}

runBench(run);
