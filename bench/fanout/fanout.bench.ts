/**
 * Fan-out benchmark (figures, not assertions). On one private stack (Temporal dev server,
 * PostgreSQL, Dondoc worker and API):
 *   - Dondoc: time from POST /directives with N recipients until every task is active
 *     (its workflow started and its row marked) as GET /directives/:id reports, checked by
 *     paging GET /tasks;
 *   - baseline: N bare child workflows that do nothing, fanned out through the same
 *     parent → shards → children shape, on the same server in the same run, until every
 *     child has started (Dondoc's finish line too: a task is active once its workflow started).
 *   - probe: a third directive to N units, its first reminder during the fan-out: the largest
 *     gap between a task being listed and an action on it succeeding, and the reminders missed
 *     by tasks that started after their first reminder instant (actionable-probe.ts).
 * The same two measurements (Dondoc and bare) then run on the cluster topology (the Temporal
 * server on PostgreSQL, two workers, two API replicas behind HAProxy: bench/support/topology.ts),
 * so one run shows Dondoc on the cluster against bare children on the same cluster and against
 * the development server. The probe runs on the development server only.
 * Last line: {"units":N,"dondocPerSec":…,"barePerSec":…,"ratio":…,"listedToActionableMaxGapMs":…,"missedReminders":…,
 *   "cluster":{"dondocPerSec":…,"barePerSec":…,"ratio":…},"clusterOverDev":…}   (cluster only with it in BENCH_TOPOLOGIES)
 *
 * Usage: npm run bench:fanout [-- N]   (BENCH_TOPOLOGIES: dev,cluster by default; dev alone as before)
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { pollUntil } from '../../test/integration/support/stack';
import { runBench } from '../support/run-bench';
import { request, startTopology, type Topology, type TopologyKind } from '../support/topology';
import { probeDirective, type ProbeFigures } from './actionable-probe';

const units = Number(process.argv[2] ?? process.env.BENCH_UNITS ?? 5000);
const shardSize = Number(process.env.DONDOC_SHARD_SIZE ?? 500);
const WARM_UP = 100;
const BARE_QUEUE = 'bench-bare';
/** The probe directive's first reminder, after it is issued: while its tasks are still starting. */
const FIRST_REMINDER_IN_MS = Number(process.env.BENCH_FIRST_REMINDER_S ?? 15) * 1000;
const TOPOLOGIES = (process.env.BENCH_TOPOLOGIES ?? 'dev,cluster').split(',') as TopologyKind[];

interface DirectiveView {
  id: string;
  progress: { total: number; active: number };
}

async function loadUnits(topology: Topology, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}/unit-${String(i).padStart(6, '0')}`);
  const admin = await topology.authorization('bench/admin', ['admin'], 'bench.seed');
  await request(topology, 'POST', '/units', admin, {
    units: [{ id: `${prefix}/issuer`, name: 'Issuer', level: 'province' }],
  });
  for (let i = 0; i < ids.length; i += 2000) {
    const batch = ids
      .slice(i, i + 2000)
      .map((id) => ({ id, name: `Unit ${id}`, level: 'commune', parentId: `${prefix}/issuer` }));
    await request(topology, 'POST', '/units', admin, { units: batch });
  }
  return ids;
}

/** Seconds from POST /directives until all N tasks are active; a clerk of the issuer issues and reads. */
async function timeDondoc(topology: Topology, prefix: string, unitIds: string[]): Promise<number> {
  const clerk = await topology.authorization(`${prefix}/issuer`, ['clerk'], 'bench.clerk');
  const dueAt = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
  const started = performance.now();
  const directive = await request<DirectiveView>(topology, 'POST', '/directives', clerk, {
    number: `${randomUUID().slice(0, 8)}-CV/BENCH`,
    issuerUnitId: `${prefix}/issuer`,
    subject: 'Fan-out benchmark',
    issuedAt: new Date().toISOString(),
    assignments: unitIds.map((unitId) => ({ unitId, role: 'lead', instructions: 'Benchmark task', dueAt })),
  });
  await pollUntil(
    () => request<DirectiveView>(topology, 'GET', `/directives/${directive.id}`, clerk),
    (d) => d.progress.active === unitIds.length,
    { timeoutMs: 20 * 60_000, intervalMs: 200, description: `all ${unitIds.length} tasks of the directive active` },
  );
  const elapsed = (performance.now() - started) / 1000;
  // Every task is visible through GET /tasks, once.
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: { items: { unitId: string; activatedAt: string | null }[]; nextCursor: string | null } = await request(
      topology,
      'GET',
      `/tasks?directiveId=${directive.id}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      clerk,
    );
    for (const task of page.items) {
      if (task.activatedAt === null) throw new Error(`task of ${task.unitId} listed but not active`);
      seen.add(task.unitId);
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  if (seen.size !== unitIds.length) throw new Error(`GET /tasks listed ${seen.size} units, expected ${unitIds.length}`);
  return elapsed;
}

/** Seconds until N bare children have started, through the same shard shape. */
async function timeBare(client: Client, count: number): Promise<number> {
  const runId = randomUUID();
  const started = performance.now();
  const done = await client.workflow.execute('bareFanoutWorkflow', {
    taskQueue: BARE_QUEUE,
    workflowId: `bench/${runId}`,
    args: [runId, count, shardSize],
  });
  if (done !== count) throw new Error(`bare fan-out finished ${String(done)} children, expected ${count}`);
  return (performance.now() - started) / 1000;
}

/** Bare and Dondoc fan-outs of N on one topology (after a warm-up of each), and on the development server the probe. */
async function measure(kind: TopologyKind): Promise<{ bare: number; dondoc: number; probe?: ProbeFigures }> {
  // The probe's one-hour `before` is production's shortest notice; the lower minimum only keeps it clear of that limit.
  const topology = await startTopology(kind, 'bench-fanout', {
    DONDOC_SHARD_SIZE: String(shardSize),
    DONDOC_MIN_NOTICE_INTERVAL: 'PT1S',
  });
  const nativeConnection = await NativeConnection.connect({ address: topology.temporalAddress });
  const connection = await Connection.connect({ address: topology.temporalAddress });
  const client = new Client({ connection, namespace: topology.namespace });
  try {
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: topology.namespace,
      taskQueue: BARE_QUEUE,
      workflowsPath: path.join(__dirname, `bare.workflows${path.extname(__filename)}`),
    });
    return await worker.runUntil(async () => {
      const warmUnits = await loadUnits(topology, 'bench-warm', WARM_UP);
      const benchUnits = await loadUnits(topology, 'bench', units);
      await timeBare(client, WARM_UP);
      await timeDondoc(topology, 'bench-warm', warmUnits);
      const bare = await timeBare(client, units);
      console.log(`${kind}: bare: ${units} children started in ${bare.toFixed(2)} s`);
      const dondoc = await timeDondoc(topology, 'bench', benchUnits);
      console.log(`${kind}: dondoc: ${units} tasks active and listed in ${dondoc.toFixed(2)} s`);
      if (topology.stack === undefined) return { bare, dondoc };
      const probe = await probeDirective(
        topology.stack,
        client,
        'bench-probe',
        await loadUnits(topology, 'bench-probe', units),
        FIRST_REMINDER_IN_MS,
      );
      console.log(
        `probe: ${probe.sampled} tasks acknowledged as they were listed: largest listed-to-actionable gap ${probe.maxGapMs.toFixed(0)} ms, ` +
          `${probe.unavailable} answers 503, ${probe.timedOut} client time-outs, slowest acknowledgement ${probe.maxActionMs.toFixed(0)} ms`,
      );
      console.log(
        `probe: ${probe.lateStarts} of ${units} tasks started after their first reminder instant; ${probe.missedReminders} have no reminder notice`,
      );
      return { bare, dondoc, probe };
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
    await topology.stop();
  }
}

function perSecond(figures: { bare: number; dondoc: number }) {
  const dondocPerSec = units / figures.dondoc;
  const barePerSec = units / figures.bare;
  return {
    dondocPerSec: Number(dondocPerSec.toFixed(1)),
    barePerSec: Number(barePerSec.toFixed(1)),
    ratio: Number((dondocPerSec / barePerSec).toFixed(3)),
  };
}

async function run(): Promise<void> {
  const results = new Map<TopologyKind, { bare: number; dondoc: number; probe?: ProbeFigures }>();
  for (const kind of TOPOLOGIES) results.set(kind, await measure(kind));
  const dev = results.get('dev');
  const cluster = results.get('cluster');
  const line: Record<string, unknown> = { units };
  if (dev !== undefined) {
    Object.assign(line, perSecond(dev), {
      listedToActionableMaxGapMs: Math.round(dev.probe?.maxGapMs ?? 0),
      missedReminders: dev.probe?.missedReminders ?? 0,
    });
  }
  if (cluster !== undefined) {
    line.cluster = perSecond(cluster);
    console.log(
      `cluster: Dondoc ${perSecond(cluster).dondocPerSec} tasks/s against bare children ${perSecond(cluster).barePerSec}/s on the same cluster` +
        (dev === undefined ? '' : `, and Dondoc ${perSecond(dev).dondocPerSec} tasks/s on the development server`),
    );
    if (dev !== undefined) line.clusterOverDev = Number((dev.dondoc / cluster.dondoc).toFixed(3));
  }
  console.log(JSON.stringify(line));
}

runBench(run);
