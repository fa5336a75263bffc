/**
 * Cascade read benchmark (figures, not assertions). On one private stack (Temporal dev server,
 * PostgreSQL, Dondoc worker and API) it builds a 4-level cascade of about 20,000 tasks
 * (cascade-seed.ts: the root through the API, the levels below as rows), then measures, with
 * 10 concurrent clients on loopback, the latency of
 *   - GET /directives/:root/tree (the whole cascade, every count), and
 *   - GET /tasks/:id/path from a task at the deepest level up to the root.
 * Latency is request sent → body fully received, uncompressed; the client does not parse the
 * body while timing (a 20,000-task tree is ~6 MB), it checks one answer of each kind beforehand.
 *
 * The API keeps a built tree while its rows are unchanged, so reading an unchanged tree alone
 * would flatter it. The tree is therefore measured twice: read-only, and while a writer changes
 * a task through the API every WRITE_EVERY_MS (POST /tasks/:id/progress on the root's tasks, each
 * a real workflow update projected to the read model, so every write forces a rebuild): the ten
 * clients read for as long as the writer takes (BENCH_WRITES, default 50). After the writes the
 * tree must show the status every task has. Polls that send the ETag back
 * (If-None-Match → 304) are measured as well.
 * Last line: {"tasks":N,"treeP50Ms":…,"treeP95Ms":…,"treeWithWritesP50Ms":…,"treeWithWritesP95Ms":…,
 *   "writes":…,"pathP50Ms":…,"pathP95Ms":…}   (treeP* read-only)
 *
 * Usage: npm run bench:cascade [-- DISTRICTS_PER_PROVINCE]   (default 20: 20,210 tasks;
 *   BENCH_WRITE_EVERY_MS, default 200; BENCH_WRITES, default 50)
 */
import http from 'node:http';
import { startStack, type Stack } from '../../test/integration/support/stack';
import { asClerk, asOfficer, waitUntilAllActive } from '../../test/integration/support/api';
import type { RequestOptions } from '../../test/integration/support/stack';
import { seedCascade, type CascadeShape, type SeededCascade } from './cascade-seed';
import { runBench } from '../support/run-bench';

const shape: CascadeShape = {
  provinces: 10,
  districtsPerProvince: Number(process.argv[2] ?? process.env.BENCH_DISTRICTS ?? 20),
  communesPerDistrict: 10,
  cellsPerCommune: 9,
};
const CLIENTS = 10;
const TREE_REQUESTS_PER_CLIENT = 50;
const PATH_REQUESTS_PER_CLIENT = 50;
const WARM_UP = 5;
const WRITE_EVERY_MS = Number(process.env.BENCH_WRITE_EVERY_MS ?? 200);
/** Writes in the with-writes run: 50 at one per 200 ms is about 10 s of reading. */
const WRITES = Number(process.env.BENCH_WRITES ?? 50);

/** A task of the root directive, as GET /directives/:id/tasks lists it (what the writer needs). */
interface RootTask {
  id: string;
  unitId: string;
}

/** Keep-alive, one socket per client: like a browser tab polling a dashboard. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 2 * CLIENTS });

/** The benchmark's reader: a clerk of the root's issuing unit, who reads the whole cascade. */
let reader: RequestOptions = {};
/** `Bearer <token>` of the reader, set once the cascade is seeded. */
let authorization = '';

/**
 * GET `url` and receive the whole body, uncompressed (no Accept-Encoding), counting its bytes
 * without keeping them: the ten clients share this process's one thread, and buffering or
 * decompressing ten 6 MB bodies here would time the client rather than the API (wrk does the
 * same). Milliseconds, or an error on a non-200 answer.
 */
function timedGet(url: string, ifNoneMatch?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const headers = { authorization, ...(ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch }) };
    const request = http.get(url, { agent, timeout: 60_000, headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('error', reject);
      response.on('end', () => {
        const expected =
          ifNoneMatch === undefined ? response.statusCode === 200 && bytes > 0 : response.statusCode === 304;
        if (!expected) reject(new Error(`GET ${url} answered ${response.statusCode ?? '?'} with ${bytes} bytes`));
        else resolve(performance.now() - started);
      });
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}

/** `clients` loops, each sending `perClient` requests one after the other; all latencies. */
async function measure(
  clients: number,
  perClient: number,
  url: (client: number, i: number) => string,
  ifNoneMatch?: string,
): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < perClient; i += 1) latencies.push(await timedGet(url(client, i), ifNoneMatch));
    }),
  );
  return latencies;
}

/**
 * `count` progress reports, one every WRITE_EVERY_MS, on the root's tasks in turn, each by an
 * officer of the task's unit (the first one per task turns it in_progress; every one is a
 * projection write that changes the tree's key).
 */
async function write(stack: Stack, tasks: RootTask[], count: number): Promise<void> {
  for (let n = 0; n < count; n += 1) {
    const started = performance.now();
    const { id: taskId, unitId } = tasks[n % tasks.length]!;
    const response = await stack.http.post(
      `/tasks/${taskId}/progress`,
      { percent: Math.min(100, 1 + Math.floor(n / tasks.length)) },
      asOfficer(unitId, 'bench.writer'),
    );
    if (response.status !== 200)
      throw new Error(
        `POST /tasks/${taskId}/progress answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, WRITE_EVERY_MS - (performance.now() - started))));
  }
}

/** `clients` loops reading `url` one request after the other until `done` settles; all latencies. */
async function measureUntil(clients: number, url: string, done: Promise<unknown>): Promise<number[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (!finished) latencies.push(await timedGet(url));
    }),
  );
  return latencies;
}

/** After the writes: every root task in the tree has the status the task itself shows. */
async function checkTreeFollowsWrites(stack: Stack, seeded: SeededCascade, rootTasks: RootTask[]): Promise<void> {
  const tree = (await (
    await fetch(`${stack.baseUrl}/directives/${seeded.rootId}/tree`, { headers: { authorization } })
  ).json()) as { root: { tasks: { id: string; status: string }[] } };
  for (const { id } of rootTasks) {
    const task = (await stack.http.get<{ status: string }>(`/tasks/${id}`, reader)).body;
    const inTree = tree.root.tasks.find((t) => t.id === id)?.status;
    if (inTree !== task.status || task.status !== 'in_progress')
      throw new Error(`task ${id} is ${task.status} but ${inTree ?? 'missing'} in the tree`);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number(sorted[index]!.toFixed(1));
}

/** One answer of each kind, parsed and checked, so the timings are of correct answers. */
async function check(stack: Stack, seeded: SeededCascade): Promise<void> {
  const body = await (
    await fetch(`${stack.baseUrl}/directives/${seeded.rootId}/tree`, { headers: { authorization } })
  ).text();
  console.log(`tree body: ${Buffer.byteLength(body)} bytes (a kept tree holds this and ≈1 KB of heap per task)`);
  const tree = JSON.parse(body) as { totals: { total: number }; directiveCount: number };
  if (tree.totals.total !== seeded.taskCount || tree.directiveCount !== seeded.directiveCount) {
    throw new Error(
      `tree counts ${tree.totals.total} tasks in ${tree.directiveCount} directives, expected ${seeded.taskCount} in ${seeded.directiveCount}`,
    );
  }
  const path = (await (
    await fetch(`${stack.baseUrl}/tasks/${seeded.deepestTaskIds[0]!}/path`, { headers: { authorization } })
  ).json()) as { directive: { id: string } }[];
  if (path.length !== 4 || path[3]?.directive.id !== seeded.rootId)
    throw new Error(`path has ${path.length} steps, expected 4 ending at the root`);
}

async function run(): Promise<void> {
  const stack = await startStack({ name: 'bench-cascade' });
  try {
    const seedStarted = performance.now();
    const seeded = await seedCascade(stack, shape);
    reader = asClerk(seeded.rootIssuerUnitId, 'bench.reader');
    authorization = await stack.authorization(reader);
    console.log(
      `seeded ${seeded.taskCount} tasks in ${seeded.directiveCount} directives in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    await check(stack, seeded);
    const treeUrl = `${stack.baseUrl}/directives/${seeded.rootId}/tree`;
    const deepest = seeded.deepestTaskIds;
    const pathUrl = (client: number, i: number): string =>
      `${stack.baseUrl}/tasks/${deepest[(client * 7919 + i * 104_729) % deepest.length]!}/path`;

    await measure(2, WARM_UP, () => treeUrl);
    await measure(2, WARM_UP, pathUrl);
    // One client alone first: the cost of one tree with nobody to share the load with.
    const single = await measure(1, TREE_REQUESTS_PER_CLIENT, () => treeUrl);
    console.log(`tree, one client: p50 ${percentile(single, 50)} ms, p95 ${percentile(single, 95)} ms`);
    const tree = await measure(CLIENTS, TREE_REQUESTS_PER_CLIENT, () => treeUrl);
    console.log(`tree, read-only: p50 ${percentile(tree, 50)} ms, p95 ${percentile(tree, 95)} ms`);
    const etag = (await fetch(treeUrl, { headers: { authorization } })).headers.get('etag') ?? '';
    const polls = await measure(CLIENTS, TREE_REQUESTS_PER_CLIENT, () => treeUrl, etag);
    console.log(
      `tree, polls with If-None-Match (304): p50 ${percentile(polls, 50)} ms, p95 ${percentile(polls, 95)} ms`,
    );

    await waitUntilAllActive(stack, seeded.rootId, undefined, reader);
    const rootTasks =
      (await stack.http.get<{ items: RootTask[] }>(`/directives/${seeded.rootId}/tasks?limit=100`, reader)).body
        .items ?? [];
    const writing = write(stack, rootTasks, WRITES);
    const [withWrites] = await Promise.all([measureUntil(CLIENTS, treeUrl, writing), writing]);
    console.log(
      `tree, ${WRITES} writes every ${WRITE_EVERY_MS} ms meanwhile: ${withWrites.length} requests, p50 ${percentile(withWrites, 50)} ms, p95 ${percentile(withWrites, 95)} ms`,
    );
    await checkTreeFollowsWrites(stack, seeded, rootTasks);

    const path = await measure(CLIENTS, PATH_REQUESTS_PER_CLIENT, pathUrl);
    const figures = {
      tasks: seeded.taskCount,
      treeP50Ms: percentile(tree, 50),
      treeP95Ms: percentile(tree, 95),
      treeWithWritesP50Ms: percentile(withWrites, 50),
      treeWithWritesP95Ms: percentile(withWrites, 95),
      writes: WRITES,
      pathP50Ms: percentile(path, 50),
      pathP95Ms: percentile(path, 95),
    };
    console.log(
      `tree: ${tree.length} requests by ${CLIENTS} clients per run; path: ${path.length} requests by ${CLIENTS} clients`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    agent.destroy();
    await stack.stop();
  }
}

runBench(run);
