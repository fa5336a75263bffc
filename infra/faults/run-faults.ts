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
 * answered), and to the whole fan-out active. The next case's directive fans out while this
 * case's checks run, its fault waiting for them (./overlap.ts); each case prints where its time
 * went.
 * Prints one results row per case (the README's table) and exits 1 when any check failed.
 *
 * Environment: FAULTS_API_URL (the balancer), FAULTS_RUN_DIR (the supervisors' pid files),
 * DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, FAULTS_CASES (worker,temporal,postgres,api).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Pool } from 'pg';
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
import { runOverlapped } from './overlap';
import {
  PhaseClock,
  phasesTable,
  resultsTable,
  seconds,
  unfinishedCase,
  type CaseResult,
  type PhaseTimes,
} from './report';
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

/** What a case leaves for its checks once its fan-out is complete. */
interface DrivenCase {
  fault: FaultName;
  startedAt: number;
  directiveId: string;
  what: string;
  faultAt: number;
  fanoutDoneS: number;
  outcomes: ActionOutcome[];
  killedProgram: string | undefined;
  pidBefore: number | undefined;
  clock: PhaseClock;
}

/**
 * Issues the case's directive and, once a quarter of it is active and the previous case's checks
 * are done (a fault must not hit another case's checks), injects the fault as the burst starts;
 * resolves once every report is answered and the whole fan-out is active.
 */
async function driveCase(
  fault: FaultName,
  api: ApiClient,
  org: Org,
  context: FaultContext,
  previousChecked: Promise<unknown>,
): Promise<DrivenCase> {
  const startedAt = Date.now();
  const clock = new PhaseClock();
  console.log(`\n== ${fault}: ${FAULT_TITLES[fault]} ==`);
  const directiveId = await issueDirective(api, org, fault, REMINDER_IN_MS);
  clock.lap('issue');
  await waitForActive(api, org, directiveId, (active) => active >= Math.max(actions, units / 4), FANOUT_DEADLINE_MS);
  const tasks = await listedTasks(api, org, directiveId, actions);
  clock.lap('quarter active');
  await previousChecked;
  clock.lap('previous checks');
  const killedProgram = restartedProgram(fault);
  const pidBefore = killedProgram === undefined ? undefined : supervisedPid(context, killedProgram);

  const faultAt = Date.now();
  const burstDone = burst(api, fault, tasks, clients, ACTION_DEADLINE_MS);
  const what = await inject(context, fault);
  console.log(`${what}; burst of ${actions} reports from ${clients} clients under way`);
  const outcomes: ActionOutcome[] = await burstDone;
  clock.lap('fault and burst');
  await waitForActive(api, org, directiveId, (active) => active === units, FANOUT_DEADLINE_MS);
  const fanoutDoneS = seconds(Date.now() - faultAt);
  clock.lap('rest of fan-out');
  console.log(`${fault}: fan-out complete ${fanoutDoneS} s after the fault; checking`);
  return { fault, startedAt, directiveId, what, faultAt, fanoutDoneS, outcomes, killedProgram, pidBefore, clock };
}

/** Times one check on its own clock, as the checks run side by side. */
async function timed(phases: PhaseTimes, name: string, check: Promise<unknown>): Promise<void> {
  const started = Date.now();
  await check;
  phases[name] = seconds(Date.now() - started);
}

/** Every check of a driven case, after its reminders have had time to be written. */
async function checkCase(
  driven: DrivenCase,
  databaseUrl: string,
  temporal: TemporalClient,
  context: FaultContext,
): Promise<CaseResult> {
  const { fault, directiveId, outcomes, faultAt, clock } = driven;
  const ok = outcomes.filter((o) => o.status >= 200 && o.status < 300);
  const firstOk = ok.length === 0 ? null : Math.min(...ok.map((o) => o.answeredAt));
  const lastOk = ok.length === 0 ? null : Math.max(...ok.map((o) => o.answeredAt));

  const problems: Problems = [];
  // Connected only now, for the checks: a connection held across the PostgreSQL case would die
  // with it. A pool, as the checks run side by side.
  const db = new Pool({ connectionString: databaseUrl, max: 4 });
  db.on('error', (error) => problems.push(`the checks' database connection failed: ${error.message}`));
  let notices = 0;
  let deliveries = '';
  try {
    // Only the notices wait (their reminders fall during the case, catch-ups included); the
    // checks that need nothing more run meanwhile.
    const waitForNotices = async (): Promise<void> => {
      const noticeDeadline = Date.now() + NOTICE_DEADLINE_MS;
      notices = await checkNotices(db, directiveId, []);
      while (notices < units && Date.now() < noticeDeadline) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        notices = await checkNotices(db, directiveId, []);
      }
      notices = await checkNotices(db, directiveId, problems);
      if (notices < units)
        problems.push(
          `${units - notices} tasks have no reminder notice ${NOTICE_DEADLINE_MS / 60_000} min after the fan-out`,
        );
      deliveries = await checkDeliveries(db, problems);
    };
    await Promise.all([
      timed(clock.phases, 'notices', waitForNotices()),
      timed(clock.phases, 'workflows running', checkTasks(db, temporal, directiveId, units, problems)),
      timed(clock.phases, 'reports once', checkActions(db, directiveId, outcomes, problems)),
      timed(clock.phases, 'audit chain', checkAudit(repoRoot, problems)),
    ]);
  } finally {
    await db.end().catch(() => undefined);
  }
  clock.lap('checks');

  let restarted = 'n/a';
  if (driven.killedProgram !== undefined) {
    const pidAfter = supervisedPid(context, driven.killedProgram);
    restarted = pidAfter !== undefined && pidAfter !== driven.pidBefore ? `yes (pid ${pidAfter})` : 'NO';
    if (restarted === 'NO') problems.push(`${driven.killedProgram} was not restarted by its supervisor`);
  }
  const result: CaseResult = {
    fault,
    what: driven.what,
    ok: ok.length,
    failed: outcomes.length - ok.length,
    retried: outcomes.filter((o) => o.attempts > 1).length,
    firstOkAfterS: firstOk === null ? null : seconds(firstOk - faultAt),
    lastOkAfterS: lastOk === null ? null : seconds(lastOk - faultAt),
    fanoutDoneS: driven.fanoutDoneS,
    notices,
    deliveries,
    restarted,
    problems,
    phases: clock.phases,
    totalS: seconds(Date.now() - driven.startedAt),
  };
  console.log(JSON.stringify(result));
  return result;
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
    const casesStarted = new Map<FaultName, number>();
    results.push(
      ...(await runOverlapped(
        cases,
        (fault, previousChecked) => {
          casesStarted.set(fault, Date.now());
          return driveCase(fault, api, org, context, previousChecked);
        },
        (_fault, driven) => checkCase(driven, databaseUrl, temporal, context),
        (fault, error) => {
          console.error(error);
          return unfinishedCase(fault, casesStarted.get(fault) ?? suiteStarted, error);
        },
      )),
    );
  } finally {
    await connection.close();
  }
  console.log(`\n${resultsTable(results)}\n\nwhere the time went:\n${phasesTable(results)}\n`);
  console.log(`fault suite: ${results.length} cases in ${seconds(Date.now() - suiteStarted)} s`);
  if (results.length !== cases.length || results.some((r) => r.problems.length > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
