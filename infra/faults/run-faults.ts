/**
 * `npm run test:faults` (through infra/test-faults.sh, which starts the cluster topology first):
 * for each fault, a directive to FAULTS_UNITS (2,000) units and a burst of FAULTS_ACTIONS (400)
 * progress reports from FAULTS_CLIENTS (20) concurrent clients, the fault injected once a quarter
 * of the tasks are active, just as the burst starts. Then, after the system has recovered:
 *   - exactly N tasks, one per unit, each with a running workflow;
 *   - every report answered 2xx is in its task's events exactly once, and none is there twice;
 *   - no notice (and no delivery, once that table exists) twice;
 *   - the audit chain verifies.
 * Recovery is timed from the fault to the first and the last 2xx of the burst (every report
 * answered), and to the whole fan-out active.
 * Prints one results row per case (the README's table) and exits 1 when any check failed.
 *
 * Environment: FAULTS_API_URL (the balancer), FAULTS_RUN_DIR (the supervisors' pid files),
 * DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, FAULTS_CASES (worker,temporal,postgres,api).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { ApiClient } from './api-client';
import { checkActions, checkAudit, checkDeliveries, checkNotices, checkTasks, type Problems } from './checks';
import {
  FAULT_NAMES,
  FAULT_TITLES,
  inject,
  restartedProgram,
  supervisedPid,
  type FaultContext,
  type FaultName,
} from './faults';
import { burst, createOrg, issueDirective, listedTasks, waitForActive, type ActionOutcome, type Org } from './workload';

const units = Number(process.env.FAULTS_UNITS ?? 2000);
const actions = Number(process.env.FAULTS_ACTIONS ?? 400);
const clients = Number(process.env.FAULTS_CLIENTS ?? 20);
const cases = (process.env.FAULTS_CASES ?? FAULT_NAMES.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter((name): name is FaultName => (FAULT_NAMES as readonly string[]).includes(name));
/** Reminders fall this long after issuing: during the fault, for most tasks. */
const REMINDER_IN_MS = 45_000;
const FANOUT_DEADLINE_MS = 15 * 60_000;
const ACTION_DEADLINE_MS = 180_000;
const NOTICE_DEADLINE_MS = 5 * 60_000;

const repoRoot = path.resolve(__dirname, __filename.endsWith('.js') ? '../../..' : '../..');

/** One row of the results table. */
interface CaseResult {
  fault: FaultName;
  what: string;
  ok: number;
  failed: number;
  retried: number;
  firstOkAfterS: number | null;
  lastOkAfterS: number | null;
  fanoutDoneS: number;
  notices: number;
  deliveries: string;
  restarted: string;
  problems: Problems;
  totalS: number;
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

async function runCase(
  fault: FaultName,
  api: ApiClient,
  org: Org,
  databaseUrl: string,
  temporal: TemporalClient,
  context: FaultContext,
): Promise<CaseResult> {
  const started = Date.now();
  console.log(`\n== ${fault}: ${FAULT_TITLES[fault]} ==`);
  const directiveId = await issueDirective(api, org, fault, REMINDER_IN_MS);
  await waitForActive(api, org, directiveId, (active) => active >= Math.max(actions, units / 4), FANOUT_DEADLINE_MS);
  const tasks = await listedTasks(api, org, directiveId, actions);
  const killedPid = restartedProgram(fault);
  const pidBefore = killedPid === undefined ? undefined : supervisedPid(context, killedPid);

  const faultAt = Date.now();
  const burstDone = burst(api, fault, tasks, clients, ACTION_DEADLINE_MS);
  const what = await inject(context, fault);
  console.log(`${what}; burst of ${actions} reports from ${clients} clients under way`);
  const outcomes: ActionOutcome[] = await burstDone;
  await waitForActive(api, org, directiveId, (active) => active === units, FANOUT_DEADLINE_MS);
  const fanoutDoneS = seconds(Date.now() - faultAt);
  const ok = outcomes.filter((o) => o.status >= 200 && o.status < 300);
  const firstOk = ok.length === 0 ? null : Math.min(...ok.map((o) => o.answeredAt));
  const lastOk = ok.length === 0 ? null : Math.max(...ok.map((o) => o.answeredAt));

  const problems: Problems = [];
  // Connected only now, for the checks: a connection held across the PostgreSQL case would die with it.
  const db = new PgClient({ connectionString: databaseUrl });
  db.on('error', (error) => problems.push(`the checks' database connection failed: ${error.message}`));
  await db.connect();
  let notices = 0;
  let deliveries = '';
  try {
    // The reminders fall during the case; wait for them (catch-ups included) before counting twice-sent ones.
    const noticeDeadline = Date.now() + NOTICE_DEADLINE_MS;
    notices = await checkNotices(db, directiveId, []);
    while (notices < units && Date.now() < noticeDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      notices = await checkNotices(db, directiveId, []);
    }
    notices = await checkNotices(db, directiveId, problems);
    if (notices < units)
      problems.push(
        `${units - notices} tasks have no reminder notice ${NOTICE_DEADLINE_MS / 60_000} min after the fan-out`,
      );
    await checkTasks(db, temporal, directiveId, units, problems);
    await checkActions(db, directiveId, outcomes, problems);
    deliveries = await checkDeliveries(db, problems);
  } finally {
    await db.end().catch(() => undefined);
  }
  await checkAudit(repoRoot, problems);

  let restarted = 'n/a';
  if (killedPid !== undefined) {
    const pidAfter = supervisedPid(context, killedPid);
    restarted = pidAfter !== undefined && pidAfter !== pidBefore ? `yes (pid ${pidAfter})` : 'NO';
    if (restarted === 'NO') problems.push(`${killedPid} was not restarted by its supervisor`);
  }
  const result: CaseResult = {
    fault,
    what,
    ok: ok.length,
    failed: outcomes.length - ok.length,
    retried: outcomes.filter((o) => o.attempts > 1).length,
    firstOkAfterS: firstOk === null ? null : seconds(firstOk - faultAt),
    lastOkAfterS: lastOk === null ? null : seconds(lastOk - faultAt),
    fanoutDoneS,
    notices,
    deliveries,
    restarted,
    problems,
    totalS: seconds(Date.now() - started),
  };
  console.log(JSON.stringify(result));
  return result;
}

function table(results: CaseResult[]): string {
  const header =
    '| fault | reports 2xx / failed (retried) | first / last 2xx after fault | fan-out complete after fault | notices (none twice) | restarted | checks | case took |';
  const rule = '|---|---|---|---|---|---|---|---|';
  const rows = results.map(
    (r) =>
      `| ${FAULT_TITLES[r.fault]} | ${r.ok} / ${r.failed} (${r.retried}) | ${r.firstOkAfterS === null ? '—' : `${r.firstOkAfterS} s`} / ${r.lastOkAfterS === null ? '—' : `${r.lastOkAfterS} s`} | ` +
      `${r.fanoutDoneS} s | ${r.notices} | ${r.restarted} | ${r.problems.length === 0 ? 'all pass' : r.problems.join('; ')} | ${r.totalS} s |`,
  );
  return [header, rule, ...rows].join('\n');
}

async function main(): Promise<void> {
  const apiUrl = process.env.FAULTS_API_URL;
  const runDir = process.env.FAULTS_RUN_DIR;
  const databaseUrl = process.env.DATABASE_URL;
  if (apiUrl === undefined || runDir === undefined || databaseUrl === undefined) {
    throw new Error(
      'FAULTS_API_URL, FAULTS_RUN_DIR and DATABASE_URL are set by infra/test-faults.sh; run npm run test:faults',
    );
  }
  const suiteStarted = Date.now();
  const api = new ApiClient(apiUrl);
  const context: FaultContext = { runDir, repoRoot };
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  const temporal = new TemporalClient({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  const results: CaseResult[] = [];
  try {
    const org = await createOrg(api, `faults-${randomUUID().slice(0, 8)}`, units);
    console.log(`${units} units created`);
    for (const fault of cases) {
      const caseStarted = Date.now();
      try {
        results.push(await runCase(fault, api, org, databaseUrl, temporal, context));
      } catch (error) {
        // A case that could not finish is a failed row, and the next case still runs.
        console.error(error);
        results.push({
          ...{ fault, what: 'did not finish', ok: 0, failed: 0, retried: 0, firstOkAfterS: null, lastOkAfterS: null },
          ...{ fanoutDoneS: 0, notices: 0, deliveries: '', restarted: '?', totalS: seconds(Date.now() - caseStarted) },
          problems: [`the case did not finish: ${error instanceof Error ? error.message : String(error)}`],
        });
      }
    }
  } finally {
    await connection.close();
  }
  console.log(`\n${table(results)}\n`);
  console.log(`fault suite: ${results.length} cases in ${seconds(Date.now() - suiteStarted)} s`);
  if (results.length !== cases.length || results.some((r) => r.problems.length > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
