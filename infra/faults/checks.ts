/**
 * What must hold after every fault case, read from the stores themselves rather than through the
 * API under test: PostgreSQL's rows, Temporal's workflows, the audit chain's own verifier.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Client as TemporalClient } from '@temporalio/client';
import type { Pool } from 'pg';
import { unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import type { ActionOutcome } from './workload';

const run = promisify(execFile);
const DESCRIBE_CONCURRENCY = 50;

/** One failed promise; the suite collects them all before it fails. */
export type Problems = string[];

/** Exactly `expected` tasks, one per unit, each with a running workflow. */
export async function checkTasks(
  db: Pool,
  temporal: TemporalClient,
  directiveId: string,
  expected: number,
  problems: Problems,
): Promise<void> {
  const { rows } = await db.query<{ unit_id: string; n: string }>(
    'SELECT unit_id, count(*) AS n FROM tasks WHERE directive_id = $1 GROUP BY unit_id',
    [directiveId],
  );
  const total = rows.reduce((sum, row) => sum + Number(row.n), 0);
  if (total !== expected) problems.push(`${total} tasks, expected ${expected}`);
  const twice = rows.filter((row) => Number(row.n) > 1);
  if (twice.length > 0) problems.push(`${twice.length} units have more than one task (e.g. ${twice[0]?.unit_id})`);

  const units = rows.map((row) => row.unit_id);
  const notRunning: string[] = [];
  for (let i = 0; i < units.length; i += DESCRIBE_CONCURRENCY) {
    await Promise.all(
      units.slice(i, i + DESCRIBE_CONCURRENCY).map(async (unitId) => {
        const workflowId = unitTaskWorkflowId(directiveId, unitId);
        try {
          const description = await temporal.workflow.getHandle(workflowId).describe();
          if (description.status.name !== 'RUNNING') notRunning.push(`${workflowId} is ${description.status.name}`);
        } catch (error) {
          notRunning.push(`${workflowId}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
  }
  if (notRunning.length > 0) problems.push(`${notRunning.length} task workflows not running (e.g. ${notRunning[0]})`);
}

/**
 * Every report that got a 2xx is in its task's events exactly once; no report is there twice,
 * whatever it answered (one that failed may have acted or not, but never twice).
 */
export async function checkActions(
  db: Pool,
  directiveId: string,
  outcomes: ActionOutcome[],
  problems: Problems,
): Promise<void> {
  const { rows } = await db.query<{ note: string; task_id: string; n: string }>(
    `SELECT data->>'note' AS note, task_id, count(*) AS n FROM task_events
      WHERE directive_id = $1 AND action = 'progress' GROUP BY 1, 2`,
    [directiveId],
  );
  const seen = new Map(rows.map((row) => [row.note, { taskId: row.task_id, count: Number(row.n) }]));
  const twice = rows.filter((row) => Number(row.n) > 1);
  if (twice.length > 0)
    problems.push(`${twice.length} reports are in the events more than once (e.g. ${twice[0]?.note})`);
  const missing = outcomes.filter((o) => o.status >= 200 && o.status < 300 && seen.get(o.note)?.taskId !== o.taskId);
  if (missing.length > 0)
    problems.push(`${missing.length} reports answered 2xx are not in their task's events (e.g. ${missing[0]?.note})`);
}

/** No notice written twice: one per task, kind, recipient and instant. Returns how many there are. */
export async function checkNotices(db: Pool, directiveId: string, problems: Problems): Promise<number> {
  const { rows } = await db.query<{ n: string; duplicated: string }>(
    `SELECT count(*) AS n, count(*) - count(DISTINCT (task_id, kind, recipient_unit_id, scheduled_for)) AS duplicated
       FROM notifications WHERE directive_id = $1`,
    [directiveId],
  );
  const duplicated = Number(rows[0]?.duplicated ?? 0);
  if (duplicated > 0) problems.push(`${duplicated} notices written twice`);
  return Number(rows[0]?.n ?? 0);
}

/**
 * No delivery twice, once issue 11's deliveries table exists: at most one row per outbox event and
 * recipient. Until then (no table, or no columns it can key on) it says so and checks nothing.
 */
export async function checkDeliveries(db: Pool, problems: Problems): Promise<string> {
  const { rows } = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'deliveries' AND table_schema = current_schema()`,
  );
  if (rows.length === 0) return 'no deliveries table yet';
  const columns = new Set(rows.map((row) => row.column_name));
  const event = ['outbox_event_id', 'event_id'].find((name) => columns.has(name));
  const target = ['recipient', 'target', 'address', 'channel_address', 'subscription_id'].find((name) =>
    columns.has(name),
  );
  if (event === undefined) return `deliveries has no event column this check knows (${[...columns].join(', ')})`;
  const key = target === undefined ? event : `${event}, ${target}`;
  const { rows: counted } = await db.query<{ duplicated: string }>(
    `SELECT count(*) - count(DISTINCT (${key})) AS duplicated FROM deliveries`,
  );
  const duplicated = Number(counted[0]?.duplicated ?? 0);
  if (duplicated > 0) problems.push(`${duplicated} deliveries sent twice (same ${key})`);
  return `deliveries keyed on (${key}): ${duplicated} twice`;
}

/** The audit chain verifies, by the same command an operator runs (`npm run audit:verify`). */
export async function checkAudit(repoRoot: string, problems: Problems): Promise<void> {
  try {
    await run(process.execPath, [path.join(repoRoot, 'dist/libs/audit/src/verify-cli.js')], {
      env: process.env,
      timeout: 300_000,
    });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string; message: string };
    problems.push(
      `the audit chain does not verify: ${(output.stdout ?? '') + (output.stderr ?? '') || output.message}`.trim(),
    );
  }
}
