/**
 * `npm run bench:tracing`: what tracing costs an action (figures, not assertions). Two private
 * stacks (Temporal dev server, PostgreSQL, worker, API) side by side, one untraced (the default)
 * and one exporting every span over OTLP (http/protobuf, batched) to a local receiver; one
 * client acknowledges a task on each in turn, so both see the same load on a shared machine.
 * Prints each mode's latency (p50/p95/mean) and the ratio traced/untraced.
 * Last line: {"actions":N,"untraced":{…},"traced":{…},"ratioP50":…,"ratioMean":…,"exports":…}
 *
 * Usage: npm run bench:tracing [-- N]   (N tasks acknowledged per mode, default 40)
 */
import { loadavg } from 'node:os';
import { asClerk, asOfficer, expectStatus, tasksOf, waitUntilAllActive } from '../../test/integration/support/api';
import { aDirective, anOrg, type Org } from '../../test/integration/support/builders';
import { startOtlpReceiver } from '../../test/integration/support/otlp-receiver';
import { startStack, type Stack } from '../../test/integration/support/stack';
import { runBench } from '../support/run-bench';

const ACTIONS = Number(process.argv[2] ?? process.env.BENCH_ACTIONS ?? 40);
/** Acknowledgements before timing starts: the first requests warm the JIT, pools and caches. */
const WARM_UP = 3;

interface Latencies {
  p50: number;
  p95: number;
  mean: number;
}

function summarise(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return { p50: round(at(0.5)), p95: round(at(0.95)), mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length) };
}

/** An organisation with `count` recipient units and one directive giving each a task, all actionable. */
async function openTasks(stack: Stack, count: number): Promise<{ id: string; unitId: string }[]> {
  const org: Org = await anOrg().withRecipients(count).create(stack);
  let builder = aDirective(org);
  for (const unit of org.recipients) builder = builder.to(unit, 'lead');
  const directive = await builder.issue(stack);
  const clerk = asClerk(directive.issuerUnitId);
  await waitUntilAllActive(stack, directive.id, undefined, clerk);
  return (await tasksOf(stack, directive.id, clerk)).map((task) => ({ id: task.id, unitId: task.unitId }));
}

async function acknowledge(stack: Stack, task: { id: string; unitId: string }): Promise<number> {
  const started = performance.now();
  expectStatus(await stack.http.post(`/tasks/${task.id}/acknowledge`, {}, asOfficer(task.unitId)), 200);
  return performance.now() - started;
}

runBench(async () => {
  const receiver = await startOtlpReceiver();
  const untraced = await startStack({ name: 'bench-untraced' });
  const traced = await startStack({ name: 'bench-traced', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } });
  try {
    const total = ACTIONS + WARM_UP;
    const [plainTasks, tracedTasks] = await Promise.all([openTasks(untraced, total), openTasks(traced, total)]);
    const samples = { untraced: [] as number[], traced: [] as number[] };
    console.log(
      `load average before: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (2 cores, shared)`,
    );
    for (let i = 0; i < total; i += 1) {
      // Alternate which goes first, so neither mode always follows the other's work.
      const pair: ['untraced' | 'traced', Stack, { id: string; unitId: string }][] = [
        ['untraced', untraced, plainTasks[i]!],
        ['traced', traced, tracedTasks[i]!],
      ];
      if (i % 2 === 1) pair.reverse();
      for (const [mode, stack, task] of pair) {
        const ms = await acknowledge(stack, task);
        if (i >= WARM_UP) samples[mode].push(ms);
      }
    }
    const result = {
      actions: ACTIONS,
      untraced: summarise(samples.untraced),
      traced: summarise(samples.traced),
      ratioP50: 0,
      ratioMean: 0,
      exports: receiver.exports,
      loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
    };
    result.ratioP50 = Math.round((result.traced.p50 / result.untraced.p50) * 100) / 100;
    result.ratioMean = Math.round((result.traced.mean / result.untraced.mean) * 100) / 100;
    console.log(
      `untraced: p50 ${result.untraced.p50} ms, p95 ${result.untraced.p95} ms, mean ${result.untraced.mean} ms`,
    );
    console.log(`traced:   p50 ${result.traced.p50} ms, p95 ${result.traced.p95} ms, mean ${result.traced.mean} ms`);
    console.log(
      `ratio traced/untraced: p50 ${result.ratioP50}, mean ${result.ratioMean} (OTLP exports received: ${result.exports})`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await Promise.all([untraced.stop(), traced.stop()]);
    await receiver.stop();
  }
});
