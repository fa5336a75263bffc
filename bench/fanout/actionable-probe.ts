/**
 * The fan-out benchmark's probe run: a directive to N units whose first reminder falls while
 * its tasks are still being started. While it fans out, a clerk walks the directive's task list
 * over and over; a sample of the tasks, each the moment it is first listed, is acknowledged by
 * an officer of its unit (tried again after any 503). Figures:
 *   - the largest gap between "listed" and "actionable": from the list answer that first showed
 *     a task to the start of the acknowledgement that succeeded (0 when the first one does);
 *   - missed reminders: tasks whose first reminder instant had passed when their workflow
 *     started and that have no reminder notice, once every task has had time to send one.
 */
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import type { Client as TemporalClient } from '@temporalio/client';
import { unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import { asClerk, asOfficer } from '../../test/integration/support/api';
import { pollUntil, type Stack } from '../../test/integration/support/stack';

/** About this many tasks are acknowledged, spread over the whole fan-out. */
const SAMPLES = 200;
const HOUR_MS = 3_600_000;

/** What the probe measured. */
export interface ProbeFigures {
  /** Tasks acknowledged the moment they were listed. */
  sampled: number;
  /** Largest time from first listed to the start of the acknowledgement that succeeded, ms. */
  maxGapMs: number;
  /** Answers 503 among the acknowledgements (each then tried again). */
  unavailable: number;
  /** Acknowledgements the client gave up on after its 30 s time-out (then read back, and tried again if not applied). */
  timedOut: number;
  /** Slowest successful acknowledgement, ms: a wait inside the API would show here. */
  maxActionMs: number;
  /** Tasks whose workflow started after their first reminder instant (Temporal's start time). */
  lateStarts: number;
  /** Of those, tasks with no reminder notice at all. */
  missedReminders: number;
}

interface ListedTask {
  id: string;
  unitId: string;
}

/**
 * Issues the probe directive to `unitIds` (units below `${prefix}/issuer`) with its only
 * reminder `firstReminderInMs` after issuing, and measures it (see the file comment).
 */
export async function probeDirective(
  stack: Stack,
  temporal: TemporalClient,
  prefix: string,
  unitIds: string[],
  firstReminderInMs: number,
): Promise<ProbeFigures> {
  const clerk = asClerk(`${prefix}/issuer`, 'bench.clerk');
  // One reminder an hour before a deadline an hour and `firstReminderInMs` away: the shortest
  // notice interval production allows, and an instant that falls during the fan-out.
  const firstReminderAt = Date.now() + firstReminderInMs;
  const dueAt = new Date(firstReminderAt + HOUR_MS).toISOString();
  const response = await stack.http.post<{ id: string }>(
    '/directives',
    {
      number: `${randomUUID().slice(0, 8)}-CV/PROBE`,
      issuerUnitId: `${prefix}/issuer`,
      subject: 'Fan-out benchmark: listed to actionable',
      issuedAt: new Date().toISOString(),
      reminderPolicy: { before: ['PT1H'], atDeadline: false, overdueEvery: null, escalateAfter: null },
      assignments: unitIds.map((unitId) => ({ unitId, role: 'lead', instructions: 'Benchmark task', dueAt })),
    },
    clerk,
  );
  if (response.status !== 201)
    throw new Error(`POST /directives answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
  const directiveId = response.body.id;

  const stride = Math.max(1, Math.floor(unitIds.length / SAMPLES));
  const seen = new Set<string>();
  const actions: Promise<void>[] = [];
  const figures = { sampled: 0, maxGapMs: 0, unavailable: 0, timedOut: 0, maxActionMs: 0 };

  const officer = (task: ListedTask) => asOfficer(task.unitId, 'bench.officer');
  /** After a request that got no answer in time: whether the acknowledgement was applied anyway. */
  const applied = async (task: ListedTask): Promise<boolean> => {
    const read = await stack.http.get<{ status: string }>(`/tasks/${task.id}`, officer(task));
    return read.status === 200 && read.body.status === 'acknowledged';
  };
  const actOn = async (task: ListedTask, listedAt: number): Promise<void> => {
    /** Start of an attempt the client gave up on: it may still be applied, and then it is the one that succeeded. */
    let timedOutAt: number | undefined;
    for (;;) {
      const started = performance.now();
      let answer;
      try {
        answer = await stack.http.post(`/tasks/${task.id}/acknowledge`, {}, officer(task));
      } catch (error) {
        // The client's own time-out on an overloaded machine: not an answer from the API.
        if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
        figures.timedOut += 1;
        timedOutAt ??= started;
        if (await applied(task)) {
          figures.maxGapMs = Math.max(figures.maxGapMs, timedOutAt - listedAt);
          return;
        }
        continue;
      }
      if (
        answer.status === 409 &&
        timedOutAt !== undefined &&
        (answer.body as { details?: { status?: string } }).details?.status === 'acknowledged'
      ) {
        figures.maxGapMs = Math.max(figures.maxGapMs, timedOutAt - listedAt);
        return;
      }
      if (answer.status === 200) {
        figures.maxGapMs = Math.max(figures.maxGapMs, started - listedAt);
        figures.maxActionMs = Math.max(figures.maxActionMs, performance.now() - started);
        return;
      }
      if (answer.status !== 503)
        throw new Error(
          `acknowledging task ${task.id} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`,
        );
      figures.unavailable += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const deadline = Date.now() + 20 * 60_000;
  while (seen.size < unitIds.length) {
    if (Date.now() > deadline)
      throw new Error(`only ${seen.size} of ${unitIds.length} probe tasks listed after 20 minutes`);
    let cursor: string | null = null;
    do {
      let page: { status: number; body: { items: ListedTask[]; nextCursor: string | null } };
      try {
        page = await stack.http.get(
          `/directives/${directiveId}/tasks?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
          clerk,
        );
      } catch (error) {
        // As above: an overloaded machine, not an answer; the next round walks the list again.
        if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
        break;
      }
      if (page.status !== 200) throw new Error(`GET /directives/${directiveId}/tasks answered ${page.status}`);
      const listedAt = performance.now();
      for (const task of page.body.items) {
        if (seen.has(task.id)) continue;
        seen.add(task.id);
        if (seen.size % stride === 0 && figures.sampled < SAMPLES) {
          figures.sampled += 1;
          actions.push(actOn(task, listedAt));
        }
      }
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await Promise.all(actions);
  const missedReminders = await countMissedReminders(stack, directiveId, firstReminderAt);
  return {
    ...figures,
    missedReminders,
    lateStarts: await countLateStarts(temporal, directiveId, unitIds, firstReminderAt),
  };
}

/** Tasks whose workflow Temporal started after `instant`, read a few dozen at a time. */
async function countLateStarts(
  temporal: TemporalClient,
  directiveId: string,
  unitIds: string[],
  instant: number,
): Promise<number> {
  let late = 0;
  for (let i = 0; i < unitIds.length; i += 50) {
    const starts = await Promise.all(
      unitIds
        .slice(i, i + 50)
        .map(async (unitId) =>
          (await temporal.workflow.getHandle(unitTaskWorkflowId(directiveId, unitId)).describe()).startTime.getTime(),
        ),
    );
    late += starts.filter((start) => start > instant).length;
  }
  return late;
}

/**
 * Waits until every task that started before its reminder instant has its reminder (they fire
 * on time), and a little longer for late ones to catch up, then counts the tasks with none.
 */
async function countMissedReminders(stack: Stack, directiveId: string, firstReminderAt: number): Promise<number> {
  const db = new PgClient({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    // A task marked active by the instant had started by then: its reminder fires on time. One
    // marked later may have started before (a page is marked once all of it has started) or
    // after; either way, no reminder notice once the on-time ones are in means it was missed.
    const count = async (): Promise<{ onTimeMissing: number; missedReminders: number }> => {
      const { rows } = await db.query<{ on_time_missing: string; missed: string }>(
        `SELECT count(*) FILTER (WHERE t.activated_at <= $2 AND n.task_id IS NULL) AS on_time_missing,
                count(*) FILTER (WHERE t.activated_at > $2 AND n.task_id IS NULL) AS missed
           FROM tasks t
           LEFT JOIN (SELECT DISTINCT task_id FROM notifications WHERE directive_id = $1 AND kind = 'reminder') n ON n.task_id = t.id
          WHERE t.directive_id = $1`,
        [directiveId, new Date(firstReminderAt)],
      );
      const r = rows[0]!;
      return { onTimeMissing: Number(r.on_time_missing), missedReminders: Number(r.missed) };
    };
    await pollUntil(count, (c) => c.onTimeMissing === 0 && Date.now() > firstReminderAt, {
      timeoutMs: Math.max(0, firstReminderAt - Date.now()) + 120_000,
      intervalMs: 500,
      description: 'every task started before its reminder instant to have its reminder',
    });
    // A late start's catch-up reminder, where there is one, is sent as the task starts: give
    // the last ones a bounded while to show, then count what is still missing.
    const catchUpUntil = Date.now() + 15_000;
    let last = await count();
    while (last.missedReminders > 0 && Date.now() < catchUpUntil) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      last = await count();
    }
    return last.missedReminders;
  } finally {
    await db.end();
  }
}
