/**
 * Action throughput (figures, not assertions). On one topology — the embedded default or the
 * cluster (targets.ts) — in one run:
 *   - Dondoc: officers post progress to distinct tasks of a directive to N units, through the
 *     API like a person (HTTP → Update → projection → answer), 1, 10 and 50 clients at once;
 *   - baseline: the same Update sent straight to Temporal, on the same server, to bare workflows
 *     whose projection activity does nothing (bare.workflows.ts), run by the benchmark's own
 *     worker with Dondoc's worker options, at the same concurrency.
 * For each: actions/s and latency p50/p95/p99, the ratio, and where the time went (stages.ts,
 * medians of a sample read back from the workflows' histories).
 * Last line: {"topology":…,"levels":[{"clients":…,"dondoc":{…},"bare":{…},"ratio":…}]}
 *
 *   npm run bench:actions                          # embedded, 2,000 units, 1/10/50 clients
 *   npm run bench:actions -- cluster               # the cluster topology on the benchmark's ports
 *   BENCH_UNITS=500 BENCH_CLIENTS=1,10 BENCH_ACTIONS_PER_CLIENT=4 npm run bench:actions
 */
import { loadavg } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { EnvReader, readWorkerTuning } from '@dondoc/config';
import { dondocWorkerTuning } from '@dondoc/temporal';
import { runBench } from '../support/run-bench';
import { bareActivities } from './bare.activities';
import { BARE_QUEUE, bareFinishSignal, bareProgressUpdate, bareTaskWorkflowId } from './bare.contract';
import { measureCpu } from './cpu';
import { call, seedTasks, type BenchTask } from './seed';
import { medianStages, percentile, STAGES, STAGE_MEANING, type StageTimes, type TimedAction } from './stages';
import { startCluster, startEmbedded, type Target } from './targets';

const topology = process.argv[2] ?? process.env.BENCH_TOPOLOGY ?? 'embedded';
const UNITS = Number(process.env.BENCH_UNITS ?? 2000);
const LEVELS = (process.env.BENCH_CLIENTS ?? '1,10,50').split(',').map(Number);
const PER_CLIENT = Number(process.env.BENCH_ACTIONS_PER_CLIENT ?? 8);
const MIN_ACTIONS = 40;
const WARM_UP = 20;
const STAGE_SAMPLE = 25;

/** One level's figures for one side. */
interface Figures {
  actions: number;
  failed: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  stages: StageTimes | undefined;
  /** CPU ms per action by process: api, worker, temporal, postgres, bench (the baseline's worker and the clients). */
  cpu: Record<string, number>;
  /** Mean transactions waiting on the audit chain's lock during the level. */
  auditLockWaiters: number;
}

/** Sends one action; resolves with the client's timing, or throws on an answer that is not 2xx. */
type Act = (index: number) => Promise<TimedAction>;

/** `actions` actions by `clients` clients at once, each client taking every clients-th one in turn. */
async function drive(target: Target, client: Client, actions: number, clients: number, act: Act): Promise<Figures> {
  const timed: TimedAction[] = [];
  let failed = 0;
  const started = performance.now();
  const measured = await measureCpu(
    target.processes,
    target.databaseUrl,
    () => timed.length,
    () =>
      Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          for (let i = c; i < actions; i += clients) {
            try {
              timed.push(await act(i));
            } catch (error) {
              failed += 1;
              if (failed <= 3) console.error(`action ${i} failed: ${(error as Error).message}`);
            }
          }
        }),
      ),
  );
  const seconds = (performance.now() - started) / 1000;
  const latencies = timed.map((t) => t.answeredAt - t.sentAt);
  const step = Math.max(1, Math.floor(timed.length / STAGE_SAMPLE));
  const sample = timed.filter((_, i) => i % step === 0).slice(0, STAGE_SAMPLE);
  return {
    actions: timed.length,
    failed,
    perSecond: timed.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    stages: await medianStages(client, sample),
    cpu: measured.cpuMsPerAction,
    auditLockWaiters: measured.auditLockWaiters,
  };
}

/** A progress report through the API, as the task's unit's officer. */
function dondocAction(target: Target, tasks: BenchTask[], tokens: Map<string, string>): Act {
  return async (i) => {
    const task = tasks[i];
    const token = task === undefined ? undefined : tokens.get(task.unitId);
    if (task === undefined || token === undefined) throw new Error(`no task ${i}`);
    const sentAt = Date.now();
    await call(target, 'POST', `/tasks/${task.id}/progress`, token, { percent: 10 + (i % 90), note: `Báo cáo ${i}` });
    return { workflowId: task.workflowId, sentAt, answeredAt: Date.now() };
  };
}

/** The same Update straight to a bare workflow. */
function bareAction(client: Client, runId: string, offset: number): Act {
  return async (i) => {
    const workflowId = bareTaskWorkflowId(runId, offset + i);
    const sentAt = Date.now();
    await client.workflow.getHandle(workflowId).executeUpdate(bareProgressUpdate, {
      args: [{ actor: 'bench.officer', percent: 10 + (i % 90), note: `Báo cáo ${i}` }],
    });
    return { workflowId, sentAt, answeredAt: Date.now() };
  };
}

function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(0) : '–';
}

function printLevel(clients: number, dondoc: Figures, bare: Figures): void {
  console.log(
    `${clients} clients: Dondoc ${dondoc.perSecond.toFixed(1)} actions/s (p50 ${ms(dondoc.p50)}, p95 ${ms(dondoc.p95)}, p99 ${ms(dondoc.p99)} ms; ${dondoc.failed} failed) · ` +
      `bare ${bare.perSecond.toFixed(1)} actions/s (p50 ${ms(bare.p50)}, p95 ${ms(bare.p95)}, p99 ${ms(bare.p99)} ms; ${bare.failed} failed) · ` +
      `ratio ${(dondoc.perSecond / bare.perSecond).toFixed(2)}`,
  );
}

function printTables(levels: { clients: number; dondoc: Figures; bare: Figures }[]): void {
  console.log(`\n| clients | Dondoc actions/s | p50 / p95 / p99 ms | bare actions/s | p50 / p95 / p99 ms | ratio |`);
  console.log('|---|---|---|---|---|---|');
  for (const { clients, dondoc, bare } of levels)
    console.log(
      `| ${clients} | ${dondoc.perSecond.toFixed(1)} | ${ms(dondoc.p50)} / ${ms(dondoc.p95)} / ${ms(dondoc.p99)} | ` +
        `${bare.perSecond.toFixed(1)} | ${ms(bare.p50)} / ${ms(bare.p95)} / ${ms(bare.p99)} | ${(dondoc.perSecond / bare.perSecond).toFixed(2)} |`,
    );
  console.log(`\nWhere the time goes (median ms of ${STAGE_SAMPLE} actions per level, Dondoc / bare):`);
  console.log(`| stage | ${levels.map((l) => `${l.clients} clients`).join(' | ')} | what |`);
  console.log(`|---|${levels.map(() => '---|').join('')}---|`);
  for (const stage of STAGES)
    console.log(
      `| ${stage} | ${levels.map((l) => `${ms(l.dondoc.stages?.[stage] ?? NaN)} / ${ms(l.bare.stages?.[stage] ?? NaN)}`).join(' | ')} | ${STAGE_MEANING[stage]} |`,
    );
  const parts = ['api', 'worker', 'temporal', 'postgres', 'bench'];
  console.log(`\nCPU ms per action by process (Dondoc / bare; bench = the baseline's worker and the clients):`);
  console.log(`| process | ${levels.map((l) => `${l.clients} clients`).join(' | ')} |`);
  console.log(`|---|${levels.map(() => '---|').join('')}`);
  for (const part of parts)
    console.log(
      `| ${part} | ${levels.map((l) => `${(l.dondoc.cpu[part] ?? 0).toFixed(1)} / ${(l.bare.cpu[part] ?? 0).toFixed(1)}`).join(' | ')} |`,
    );
  console.log(`| audit lock waiters (mean) | ${levels.map((l) => l.dondoc.auditLockWaiters.toFixed(2)).join(' | ')} |`);
}

async function run(): Promise<void> {
  if (topology !== 'embedded' && topology !== 'cluster') throw new Error(`topology ${topology}: embedded or cluster`);
  const needed = WARM_UP + LEVELS.reduce((sum, clients) => sum + Math.max(MIN_ACTIONS, clients * PER_CLIENT), 0);
  if (needed > UNITS) throw new Error(`${needed} actions need as many tasks; BENCH_UNITS=${UNITS} is too few`);
  // The baseline worker's state changes are not figures.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const loadBefore = loadavg()[0] ?? 0;
  const target = topology === 'cluster' ? await startCluster() : await startEmbedded();
  const nativeConnection = await NativeConnection.connect({ address: target.temporalAddress });
  const connection = await Connection.connect({ address: target.temporalAddress });
  const client = new Client({ connection, namespace: target.namespace });
  const runId = randomUUID();
  try {
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: target.namespace,
      taskQueue: BARE_QUEUE,
      workflowsPath: path.join(__dirname, `bare.workflows${path.extname(__filename)}`),
      activities: bareActivities,
      ...dondocWorkerTuning(readWorkerTuning(new EnvReader())),
    });
    const levels = await worker.runUntil(async () => {
      console.log(`${topology}: seeding a directive to ${UNITS} units`);
      const tasks = await seedTasks(target, UNITS);
      const tokens = new Map<string, string>();
      for (const task of tasks.slice(0, needed))
        tokens.set(task.unitId, await target.token(task.unitId, 'officer', `bench.officer.${task.unitId.slice(-5)}`));
      await Promise.all(
        Array.from({ length: needed }, (_, n) =>
          client.workflow.start('bareTaskWorkflow', {
            taskQueue: BARE_QUEUE,
            workflowId: bareTaskWorkflowId(runId, n),
          }),
        ),
      );
      console.log(`seeded; ${needed} tasks and bare workflows to act on`);
      let offset = 0;
      const take = (count: number): number => {
        const at = offset;
        offset += count;
        return at;
      };
      // Warm-up: both sides once, so the first level pays for no caches or connections.
      const warm = take(WARM_UP);
      await drive(target, client, WARM_UP, 10, dondocAction(target, tasks.slice(warm), tokens));
      await drive(target, client, WARM_UP, 10, bareAction(client, runId, warm));
      const results: { clients: number; dondoc: Figures; bare: Figures }[] = [];
      for (const [n, clients] of LEVELS.entries()) {
        const count = Math.max(MIN_ACTIONS, clients * PER_CLIENT);
        const at = take(count);
        const runDondoc = (): Promise<Figures> =>
          drive(target, client, count, clients, dondocAction(target, tasks.slice(at), tokens));
        const runBare = (): Promise<Figures> => drive(target, client, count, clients, bareAction(client, runId, at));
        // Alternate which side goes first, so neither always runs on a warmer machine.
        let result: { clients: number; dondoc: Figures; bare: Figures };
        if (n % 2 === 0) {
          const dondoc = await runDondoc();
          result = { clients, dondoc, bare: await runBare() };
        } else {
          const bare = await runBare();
          result = { clients, dondoc: await runDondoc(), bare };
        }
        printLevel(clients, result.dondoc, result.bare);
        results.push(result);
      }
      await Promise.all(
        Array.from({ length: needed }, (_, n) =>
          client.workflow.getHandle(bareTaskWorkflowId(runId, n)).signal(bareFinishSignal),
        ),
      );
      return results;
    });
    printTables(levels);
    const loadAfter = loadavg()[0] ?? 0;
    console.log(`\nmachine load average (1 min): ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`);
    console.log(
      JSON.stringify({
        topology,
        units: UNITS,
        load: [Number(loadBefore.toFixed(1)), Number(loadAfter.toFixed(1))],
        levels: levels.map(({ clients, dondoc, bare }) => ({
          clients,
          dondoc: { perSecond: Number(dondoc.perSecond.toFixed(1)), p50: dondoc.p50, p95: dondoc.p95, p99: dondoc.p99 },
          bare: { perSecond: Number(bare.perSecond.toFixed(1)), p50: bare.p50, p95: bare.p95, p99: bare.p99 },
          ratio: Number((dondoc.perSecond / bare.perSecond).toFixed(2)),
        })),
      }),
    );
  } finally {
    await connection.close();
    await nativeConnection.close();
    await target.stop();
  }
}

runBench(run);
