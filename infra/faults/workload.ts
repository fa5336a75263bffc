/**
 * The work each fault case runs under: a directive to N units whose reminders fall during the
 * case, and a burst of progress reports from concurrent clients, each report carrying a note
 * that names it so the checks can find it in the task's events.
 */
import { randomUUID } from 'node:crypto';
import type { ApiClient } from './api-client';

/** What a directive view says about its fan-out. */
interface DirectiveProgress {
  id: string;
  progress: { total: number; active: number };
}

interface ListedTask {
  id: string;
  unitId: string;
}

/** The units of one run: an issuer and `count` recipients below it. */
export interface Org {
  issuer: string;
  recipients: string[];
}

/** One action of the burst and how it ended. */
export interface ActionOutcome {
  taskId: string;
  note: string;
  status: number;
  attempts: number;
  /** When its final answer came, ms since the epoch. */
  answeredAt: number;
}

const UNITS_PER_REQUEST = 2000;

/** Creates the run's units through the API, as an administrator would import them. */
export async function createOrg(api: ApiClient, prefix: string, count: number): Promise<Org> {
  const issuer = `${prefix}/issuer`;
  const admin = await api.token(issuer, 'admin', 'faults.admin');
  await api.must('POST', '/units', admin, { units: [{ id: issuer, name: 'Đơn vị ban hành', level: 'province' }] });
  const recipients = Array.from({ length: count }, (_, i) => `${prefix}/unit-${String(i).padStart(5, '0')}`);
  for (let i = 0; i < recipients.length; i += UNITS_PER_REQUEST) {
    const units = recipients
      .slice(i, i + UNITS_PER_REQUEST)
      .map((id, j) => ({ id, name: `Xã ${i + j}`, level: 'commune', parentId: issuer }));
    await api.must('POST', '/units', admin, { units });
  }
  return { issuer, recipients };
}

/**
 * Issues a directive to every recipient. Its only reminder falls `reminderInMs` after issuing (the
 * deadline an hour later), so notices are written while the fault happens.
 */
export async function issueDirective(api: ApiClient, org: Org, label: string, reminderInMs: number): Promise<string> {
  const clerk = await api.token(org.issuer, 'clerk', 'faults.clerk');
  const dueAt = new Date(Date.now() + reminderInMs + 3_600_000).toISOString();
  const directive = await api.must<DirectiveProgress>('POST', '/directives', clerk, {
    number: `${randomUUID().slice(0, 8)}-CV/FAULT`,
    issuerUnitId: org.issuer,
    subject: `Kiểm thử sự cố: ${label}`,
    issuedAt: new Date().toISOString(),
    reminderPolicy: { before: ['PT1H'], atDeadline: false, overdueEvery: null, escalateAfter: null },
    assignments: org.recipients.map((unitId) => ({ unitId, role: 'lead', instructions: 'Báo cáo tiến độ', dueAt })),
  });
  return directive.id;
}

/** The directive's fan-out as GET /directives/:id reports it; null while the API cannot answer. */
export async function activeCount(api: ApiClient, org: Org, directiveId: string): Promise<number | null> {
  const clerk = await api.token(org.issuer, 'clerk', 'faults.clerk');
  const answer = await api.send<DirectiveProgress>('GET', `/directives/${directiveId}`, clerk);
  return answer.status === 200 ? answer.body.progress.active : null;
}

/** Polls until `predicate` holds for the active count, or throws after `timeoutMs`. */
export async function waitForActive(
  api: ApiClient,
  org: Org,
  directiveId: string,
  predicate: (active: number) => boolean,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last: number | null = null;
  for (;;) {
    last = await activeCount(api, org, directiveId);
    if (last !== null && predicate(last)) return last;
    if (Date.now() >= deadline) throw new Error(`the directive's fan-out stopped at ${String(last)} active tasks`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The first `count` tasks the directive lists (listed means active: their workflows run). */
export async function listedTasks(api: ApiClient, org: Org, directiveId: string, count: number): Promise<ListedTask[]> {
  const clerk = await api.token(org.issuer, 'clerk', 'faults.clerk');
  const tasks: ListedTask[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/tasks?directiveId=${directiveId}&limit=500${cursor === null ? '' : `&cursor=${cursor}`}`;
    const page = await api.must<{ items: ListedTask[]; nextCursor: string | null }>('GET', query, clerk);
    tasks.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && tasks.length < count);
  if (tasks.length < count) throw new Error(`only ${tasks.length} tasks listed, ${count} needed for the burst`);
  return tasks.slice(0, count);
}

/**
 * The burst: `clients` concurrent officers, each reporting progress on its share of `tasks`, one
 * report per task, each retried with its Idempotency-Key while the answer says "again" (for at
 * most `deadlineMs`). Resolves with every report's final outcome.
 */
export async function burst(
  api: ApiClient,
  label: string,
  tasks: ListedTask[],
  clients: number,
  deadlineMs: number,
): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = [];
  const share = Math.ceil(tasks.length / clients);
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (const [index, task] of tasks.slice(client * share, (client + 1) * share).entries()) {
        const note = `${label}:${client}:${index}`;
        const officer = await api.token(task.unitId, 'officer', `faults.officer.${client}`);
        const answer = await api.retrying(
          'POST',
          `/tasks/${task.id}/progress`,
          officer,
          { percent: 50, note },
          { 'Idempotency-Key': `fault-${note}` },
          deadlineMs,
        );
        outcomes.push({
          taskId: task.id,
          note,
          status: answer.status,
          attempts: answer.attempts,
          answeredAt: Date.now(),
        });
      }
    }),
  );
  return outcomes;
}
