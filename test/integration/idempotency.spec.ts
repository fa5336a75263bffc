/**
 * Safe retries with `Idempotency-Key` on the real stack: a repeat gets the first answer
 * (marked replayed) and acts once; the key on another request is 422; a bad key is 400; keys are
 * per caller. And the case the header exists for: the API is SIGKILLed while a request is in
 * flight, its Update reaches the workflow and is applied, and the client's retry with the same
 * key — answered by a new API process — gets the change's result (2xx), applied once, not a
 * 409 for its own lost request.
 */
import { Client } from 'pg';
import {
  asClerk,
  asOfficer,
  eventsOf,
  expectError,
  expectStatus,
  getTask,
  tasksOf,
  waitUntilAllActive,
  type DirectiveView,
  type TaskView,
} from './support/api';
import { aDirective, anOrg, unique, type Org } from './support/builders';
import { pollUntil, type RequestOptions } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack();
let org: Org;

beforeAll(async () => {
  org = await anOrg().withRecipients(4).create(stack);
}, 120_000);

function withKey(options: RequestOptions, key: string): RequestOptions {
  return { ...options, headers: { ...options.headers, 'Idempotency-Key': key } };
}

/** A directive to one recipient whose task's workflow runs. */
async function anActiveTask(unitId: string): Promise<TaskView> {
  const directive = await aDirective(org).to(unitId).issue(stack);
  await waitUntilAllActive(stack, directive.id, 60_000, asClerk(org.issuer));
  return (await tasksOf(stack, directive.id, asClerk(org.issuer)))[0]!;
}

async function countEvents(taskId: string, action: string, who: RequestOptions): Promise<number> {
  return (await eventsOf(stack, taskId, who)).filter((e) => e.action === action).length;
}

async function withDatabase<T>(fn: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

describe('a request repeated with the same Idempotency-Key', () => {
  it('gets the first answer, marked replayed, and the change happens once', async () => {
    const unit = org.recipients[0]!;
    const officer = asOfficer(unit);
    const task = await anActiveTask(unit);
    const key = `ack-${unique()}`;

    const first = await stack.http.post<TaskView>(
      `/tasks/${task.id}/progress`,
      { percent: 40, note: 'đang làm' },
      withKey(officer, key),
    );
    expect(expectStatus(first, 200, 'the first progress report').progress.percent).toBe(40);
    expect(first.headers?.get('idempotent-replayed')).toBeNull();

    const again = await stack.http.post<TaskView>(
      `/tasks/${task.id}/progress`,
      { note: 'đang làm', percent: 40 },
      withKey(officer, key),
    );
    expect(again.status).toBe(200);
    expect(again.headers?.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await countEvents(task.id, 'progress', officer)).toBe(1);
  });

  it('issues one directive, however often POST /directives is repeated', async () => {
    const clerk = asClerk(org.issuer);
    const body = aDirective(org).to(org.recipients[1]!).build();
    const key = `issue-${unique()}`;
    const answers = [];
    for (let i = 0; i < 3; i += 1)
      answers.push(await stack.http.post<DirectiveView>('/directives', body, withKey(clerk, key)));
    for (const answer of answers) expect(answer.status).toBe(201);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const listed = expectStatus(
      await stack.http.get<{ items: DirectiveView[] }>(
        `/directives?issuerUnitId=${encodeURIComponent(org.issuer)}&limit=100`,
        clerk,
      ),
      200,
    );
    expect(listed.items.filter((d) => d.number === body.number)).toHaveLength(1);
  });

  it('is refused with 422 naming the header when the body differs, and acts not', async () => {
    const unit = org.recipients[2]!;
    const officer = asOfficer(unit);
    const task = await anActiveTask(unit);
    const key = `diff-${unique()}`;
    expectStatus(await stack.http.post(`/tasks/${task.id}/progress`, { percent: 10 }, withKey(officer, key)), 200);
    const other = expectError(
      await stack.http.post(`/tasks/${task.id}/progress`, { percent: 90 }, withKey(officer, key)),
      422,
      'the same key with another body',
    );
    expect(other.message).toContain('Idempotency-Key');
    expect((await getTask(stack, task.id, officer)).progress.percent).toBe(10);
  });

  it('is kept per caller: another person sending the same key acts on their own', async () => {
    const unit = org.recipients[2]!;
    const task = await anActiveTask(unit);
    const key = `shared-${unique()}`;
    expectStatus(
      await stack.http.post(`/tasks/${task.id}/progress`, { percent: 20 }, withKey(asOfficer(unit, 'can.bo.a'), key)),
      200,
    );
    const second = await stack.http.post<TaskView>(
      `/tasks/${task.id}/progress`,
      { percent: 30 },
      withKey(asOfficer(unit, 'can.bo.b'), key),
    );
    expect(expectStatus(second, 200, "another officer's request with the same key").progress.percent).toBe(30);
    expect(second.headers?.get('idempotent-replayed')).toBeNull();
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['empty', ''],
    ['with a control character', 'a\tb'],
    ['not ASCII', 'kh\u00f3a'],
  ])('is refused with 400 naming the header when the key is %s', async (_what, key) => {
    const unit = org.recipients[0]!;
    const response = await stack.http.post(
      `/tasks/00000000-0000-4000-8000-000000000000/progress`,
      { percent: 5 },
      withKey(asOfficer(unit), key),
    );
    const error = expectError(response, 400, 'a bad key');
    expect(error.errors?.map((e) => e.field)).toEqual(['Idempotency-Key']);
  });
});

describe('a request whose API process is killed while it is in flight', () => {
  it('is applied once, and the retry with the same key answers 2xx with the result, not 409', async () => {
    const unit = org.recipients[3]!;
    const officer = asOfficer(unit);
    const task = await anActiveTask(unit);
    const key = `crash-${unique()}`;
    const authorization = await stack.authorization(officer);
    const apiUrl = stack.baseUrl;

    // Without a worker the Update cannot finish, so the request stays in flight for as long as we need.
    await stack.killWorker();
    const lost = fetch(`${apiUrl}/tasks/${task.id}/acknowledge`, {
      method: 'POST',
      headers: { authorization, 'idempotency-key': key, 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(60_000),
    }).then(
      (r) => `answered ${r.status}`,
      (e: unknown) => `failed: ${(e as Error).message}`,
    );
    await pollUntil(
      () =>
        withDatabase(
          async (db) => (await db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).rowCount ?? 0,
        ),
      (n) => n === 1,
      { timeoutMs: 20_000, intervalMs: 100, description: 'the first request to claim its key' },
    );

    // While it runs, a repeat is told so (409), not run a second time.
    const busy = expectError(
      await stack.http.post(`/tasks/${task.id}/acknowledge`, {}, withKey(officer, key)),
      409,
      'a repeat while the first is in flight',
    );
    expect(busy.message).toContain('still being processed');

    await stack.killApi();
    expect(await lost).toMatch(/^failed/);
    await stack.startWorker();
    await stack.restartApi();

    // The Update the dead API sent reaches the workflow: the change happens without any retry.
    await pollUntil(
      () => getTask(stack, task.id, officer),
      (t) => t.status === 'acknowledged',
      {
        timeoutMs: 90_000,
        intervalMs: 250,
        description: 'the lost request’s acknowledgement to be applied',
      },
    );

    const retry = await stack.http.post<TaskView>(`/tasks/${task.id}/acknowledge`, {}, withKey(officer, key));
    expect(expectStatus(retry, 200, 'the retry after the crash').status).toBe('acknowledged');
    const replay = await stack.http.post<TaskView>(`/tasks/${task.id}/acknowledge`, {}, withKey(officer, key));
    expect(replay.status).toBe(200);
    expect(replay.headers?.get('idempotent-replayed')).toBe('true');
    expect(await countEvents(task.id, 'acknowledge', officer)).toBe(1);
  }, 300_000);

  it('the restarted API purged keys older than a day', async () => {
    await withDatabase((db) =>
      db.query(
        `INSERT INTO idempotency_keys (caller_sub, caller_unit, key, request_hash, method, path, owner, locked_until, response_status, response_body, created_at)
         VALUES ('old', 'old', 'old-key', 'x', 'POST', '/x', 'gone', now() - interval '25 hours', 200, '{}', now() - interval '25 hours'),
                ('new', 'new', 'new-key', 'x', 'POST', '/x', 'gone', now() - interval '1 hour', 200, '{}', now() - interval '1 hour')`,
      ),
    );
    await stack.killApi();
    await stack.restartApi();
    const left = await pollUntil(
      () =>
        withDatabase(async (db) =>
          (
            await db.query<{ key: string }>(
              `SELECT key FROM idempotency_keys WHERE key IN ('old-key', 'new-key') ORDER BY key`,
            )
          ).rows.map((r) => r.key),
        ),
      (keys) => !keys.includes('old-key'),
      { timeoutMs: 30_000, intervalMs: 200, description: 'the day-old key to be purged' },
    );
    expect(left).toEqual(['new-key']);
  }, 180_000);
});
