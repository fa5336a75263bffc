/**
 * The right status when a component is gone, with the real component taken away: PostgreSQL
 * unreachable answers 503 with Retry-After from every endpoint, a database that accepts
 * connections but never answers does too within the connect time-out, and Temporal down answers
 * 503 within 5 s with nothing half-written.
 *
 * The shared PostgreSQL server cannot be stopped, so the API (alone) reaches its database
 * through a TCP proxy in this process: closing the proxy and its sockets is, to the API, the
 * server going away (pooled connections break, new ones are refused); making it accept without
 * forwarding is a server that hangs. Migrations and the worker use the database directly. Temporal
 * is the stack's own dev server, killed with SIGKILL. And a request holding an Idempotency-Key when
 * the database goes gives the key back once it returns, so its retry is served within seconds.
 */
import { Client } from 'pg';
import {
  asAdmin,
  asClerk,
  asOfficer,
  asSupervisor,
  expectError,
  expectStatus,
  listAll,
  waitUntilAllActive,
  type DirectiveView,
  type TaskView,
} from './support/api';
import { aDirective, anOrg, unique, type Org } from './support/builders';
import { DatabaseProxy } from './support/database-proxy';
import { freePort, pollUntil, type HttpResponse, type RequestOptions } from './support/stack';
import { useStack } from './support/use-stack';

let proxy: DatabaseProxy;
let org: Org;
let directive: DirectiveView;
let task: TaskView;

// Before the stack: the API is given the proxy's address when it starts.
beforeAll(async () => {
  const admin = new URL(process.env.DATABASE_URL ?? 'postgres://dondoc:dondoc@127.0.0.1:5432/dondoc_test');
  proxy = new DatabaseProxy(await freePort(), { host: admin.hostname, port: Number(admin.port || 5432) });
  await proxy.listen('up');
});

const stack = useStack({
  // A short connect time-out, so the hanging database is noticed well inside the 5 s asked for.
  env: { DONDOC_DB_CONNECT_TIMEOUT_MS: '2000' },
  apiDatabaseUrl: (url) => {
    const viaProxy = new URL(url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    return viaProxy.toString();
  },
});

beforeAll(async () => {
  org = await anOrg().withRecipients(2).create(stack);
  directive = await aDirective(org).toAll(org.recipients).issue(stack);
  await waitUntilAllActive(stack, directive.id, undefined, asClerk(org.issuer));
  [task] = (await listAll<TaskView>(stack, `/tasks?directiveId=${directive.id}`, 50, undefined, asClerk(org.issuer)))
    .items as [TaskView];
}, 120_000);

// After the stack's stop (hooks run in the order declared), so the API never loses its database early.
afterAll(async () => {
  await proxy?.down();
});

/** Every kind of endpoint: lists, one item, the tree, the audit trail, writes, and health. */
function endpoints(): { name: string; call: () => Promise<HttpResponse<unknown>> }[] {
  const clerk = asClerk(org.issuer);
  const officer: RequestOptions = asOfficer(task.unitId);
  return [
    { name: 'GET /tasks', call: () => stack.http.get('/tasks', clerk) },
    { name: 'GET /tasks/:id', call: () => stack.http.get(`/tasks/${task.id}`, clerk) },
    { name: 'GET /tasks/:id/events', call: () => stack.http.get(`/tasks/${task.id}/events`, clerk) },
    { name: 'GET /directives', call: () => stack.http.get('/directives', clerk) },
    { name: 'GET /directives/:id', call: () => stack.http.get(`/directives/${directive.id}`, clerk) },
    { name: 'GET /directives/:id/tasks', call: () => stack.http.get(`/directives/${directive.id}/tasks`, clerk) },
    { name: 'GET /directives/:id/tree', call: () => stack.http.get(`/directives/${directive.id}/tree`, clerk) },
    { name: 'GET /units', call: () => stack.http.get('/units', clerk) },
    { name: 'GET /units/:id', call: () => stack.http.get(`/units/${org.issuer}`, clerk) },
    { name: 'GET /escalations', call: () => stack.http.get('/escalations', asSupervisor(org.coordinator)) },
    { name: 'GET /notifications', call: () => stack.http.get('/notifications', clerk) },
    { name: 'GET /audit', call: () => stack.http.get('/audit', asAdmin()) },
    {
      name: 'POST /directives',
      call: () => stack.http.post('/directives', aDirective(org).to(org.recipients[0]!).build(), clerk),
    },
    {
      name: 'POST /tasks/:id/progress',
      call: () => stack.http.post(`/tasks/${task.id}/progress`, { percent: 10 }, officer),
    },
    {
      name: 'POST /units',
      call: () =>
        stack.http.post('/units', { units: [{ id: `${org.prefix}/moi`, name: 'Mới', level: 'commune' }] }, asAdmin()),
    },
    { name: 'GET /health', call: () => stack.http.get('/health') },
    { name: 'GET /health/ready', call: () => stack.http.get('/health/ready') },
  ];
}

/** A 503 with Retry-After, in the common error shape (health has its own), and how long it took. */
async function expectUnavailable(
  call: () => Promise<HttpResponse<unknown>>,
  withinMs: number,
  what: string,
): Promise<HttpResponse<unknown>> {
  const started = Date.now();
  const response = await call();
  const tookMs = Date.now() - started;
  expect({ what, status: response.status }).toEqual({ what, status: 503 });
  expect({ what, fast: tookMs <= withinMs }).toEqual({ what, fast: true });
  if (!what.includes('/health')) expectError(response, 503, what);
  return response;
}

/** Retry-After is only visible on a raw response; the stack's helper keeps status and body. */
async function retryAfterOf(path: string, options: RequestOptions): Promise<string | null> {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    headers: { authorization: await stack.authorization(options) },
    signal: AbortSignal.timeout(30_000),
  });
  await response.body?.cancel();
  return response.headers.get('retry-after');
}

describe('PostgreSQL unreachable', () => {
  it('answers 503 with Retry-After from every endpoint, and serves again once it is back', async () => {
    expectStatus(await stack.http.get('/tasks', asClerk(org.issuer)), 200);
    await proxy.down();
    for (const { name, call } of endpoints()) await expectUnavailable(call, 5_000, `${name} with the database gone`);
    expect(await retryAfterOf('/tasks', asClerk(org.issuer))).toBe('5');
    expect(await retryAfterOf('/directives', asClerk(org.issuer))).toBe('5');
    expect(await retryAfterOf('/health/ready', {})).toBe('5');
    // Liveness depends on nothing: the process is up, so it is not to be restarted.
    expect((await stack.http.get('/health/live')).status).toBe(200);

    await proxy.listen('up');
    await pollUntil(
      async () => (await stack.http.get('/tasks', asClerk(org.issuer))).status,
      (status) => status === 200,
      {
        timeoutMs: 30_000,
        description: 'GET /tasks to answer 200 once the database is back',
      },
    );
    // The refused writes left nothing behind: still the one directive, the task untouched.
    const issued = await listAll<DirectiveView>(
      stack,
      `/directives?issuerUnitId=${encodeURIComponent(org.issuer)}`,
      50,
      undefined,
      asClerk(org.issuer),
    );
    expect(issued.items.map((d) => d.id)).toEqual([directive.id]);
    expectError(await stack.http.get(`/units/${org.prefix}/moi`, asAdmin()), 404);
  });

  it('answers 503 within 5 s when the database accepts connections but never answers', async () => {
    await proxy.listen('blackhole');
    try {
      for (const name of ['GET /tasks', 'GET /directives/:id', 'POST /tasks/:id/progress']) {
        const endpoint = endpoints().find((e) => e.name === name)!;
        await expectUnavailable(endpoint.call, 5_000, `${name} with the database hanging`);
      }
    } finally {
      await proxy.listen('up');
    }
    await pollUntil(
      async () => (await stack.http.get('/tasks', asClerk(org.issuer))).status,
      (status) => status === 200,
      {
        timeoutMs: 30_000,
        description: 'GET /tasks to answer 200 once the database answers again',
      },
    );
  });
});

describe('PostgreSQL lost while a request with an Idempotency-Key is in flight', () => {
  it('gives the key back once the database is back: the retry acts once within seconds, not 409 until the lease lapses', async () => {
    const clerk = asClerk(org.issuer);
    const tasks = await listAll<TaskView>(stack, `/tasks?directiveId=${directive.id}`, 50, undefined, clerk);
    // Not `task`: the Temporal case below expects that one untouched.
    const other = tasks.items.find((t) => t.id !== task.id)!;
    const officer = asOfficer(other.unitId);
    const key = `outage-${unique()}`;
    const keyed: RequestOptions = { ...officer, headers: { ...officer.headers, 'Idempotency-Key': key } };
    const direct = new Client({ connectionString: stack.databaseUrl });
    await direct.connect();
    try {
      // Without a worker the Update cannot finish: the request holds its key while the database goes.
      await stack.killWorker();
      const first = fetch(`${stack.baseUrl}/tasks/${other.id}/acknowledge`, {
        method: 'POST',
        headers: { authorization: await stack.authorization(officer), 'idempotency-key': key },
        signal: AbortSignal.timeout(90_000),
      }).then((r) => r.status);
      await pollUntil(
        async () => (await direct.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).rowCount ?? 0,
        (n) => n === 1,
        { timeoutMs: 20_000, intervalMs: 100, description: 'the first request to claim its key' },
      );
      await proxy.down();
      // It ends without a final answer (the Update timed out) and cannot give its key back now.
      expect(await first).toBe(503);
      await proxy.listen('up');
      await stack.startWorker();
      // The API is alive again to the others (its liveness lock is back), so only its own write frees the key.
      await pollUntil(
        async () =>
          (
            await direct.query(
              `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 7652
                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
            )
          ).rowCount ?? 0,
        (n) => n > 0,
        { timeoutMs: 30_000, intervalMs: 100, description: "the API's liveness lock to be held again" },
      );
      // Well inside the lease (DONDOC_UPDATE_TIMEOUT_MS + 30 s = 60 s): the lease is not what frees it.
      const retried = await pollUntil(
        () => stack.http.post<TaskView>(`/tasks/${other.id}/acknowledge`, {}, keyed),
        (r) => r.status !== 409 && r.status !== 503,
        { timeoutMs: 15_000, intervalMs: 500, description: 'the retry with the same key to be served' },
      );
      expect(expectStatus(retried, 200, 'the retry after the outage').status).toBe('acknowledged');
      const events = await listAll<{ action: string }>(stack, `/tasks/${other.id}/events`, 500, undefined, officer);
      expect(events.items.filter((e) => e.action === 'acknowledge')).toHaveLength(1);
    } finally {
      await direct.end();
    }
  }, 240_000);
});

describe('Temporal unreachable', () => {
  it('answers POST /directives with 503 within 5 s and writes nothing; an action on a task likewise', async () => {
    await stack.killTemporal();
    const clerk = asClerk(org.issuer);
    const start = await expectUnavailable(
      () => stack.http.post('/directives', aDirective(org).numbered('999-CV/TU').to(org.recipients[0]!).build(), clerk),
      5_000,
      'POST /directives with Temporal gone',
    );
    const update = await expectUnavailable(
      () => stack.http.post(`/tasks/${task.id}/acknowledge`, {}, asOfficer(task.unitId)),
      5_000,
      'POST /tasks/:id/acknowledge with Temporal gone',
    );
    // Said plainly, without the addresses and codes gRPC puts in its own message.
    for (const response of [start, update]) {
      expect(expectError(response, 503).message).toBe(
        'Temporal is not reachable right now, so nothing was changed; retry in a few seconds',
      );
    }
    expect(await retryAfterOf('/health', {})).toBe('5');

    // The directive's rows were written in the transaction the failed start rolled back.
    const issued = await listAll<DirectiveView>(
      stack,
      `/directives?issuerUnitId=${encodeURIComponent(org.issuer)}`,
      50,
      undefined,
      clerk,
    );
    expect(issued.items.map((d) => d.number)).not.toContain('999-CV/TU');
    expect(issued.items.map((d) => d.id)).toEqual([directive.id]);
    expect(expectStatus(await stack.http.get<TaskView>(`/tasks/${task.id}`, clerk), 200).status).toBe('assigned');
  });
});
