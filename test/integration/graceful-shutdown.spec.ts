/**
 * The API on SIGTERM, as an orchestrator stops a pod (infra/deploy/): it stops accepting new
 * connections at once, but a request already in flight still gets its answer before the process
 * exits, by itself and within the grace period (no SIGKILL needed).
 *
 * A request that stays in flight long enough to be caught: an action on a task whose worker has
 * been killed waits for its Update within DONDOC_UPDATE_TIMEOUT_MS (a few seconds here), then
 * answers 503. Whatever it answers, it must answer rather than lose its connection, and the
 * answer closes that connection though the client asked to keep it alive.
 */
import { Agent, request } from 'node:http';
import { asClerk, asOfficer, tasksOf, waitUntilAllActive } from './support/api';
import { aDirective, anOrg, type Org } from './support/builders';
import { pollUntil } from './support/stack';
import { useStack } from './support/use-stack';

const UPDATE_BUDGET_MS = 6_000;

const stack = useStack({ env: { DONDOC_UPDATE_TIMEOUT_MS: String(UPDATE_BUDGET_MS) } });
let org: Org;

beforeAll(async () => {
  org = await anOrg().withRecipients(1).create(stack);
}, 120_000);

/** How a POST ended: its status and whether the API closed its kept-alive connection, or the socket error that cut it short. */
type Outcome = { status: number; connection: string | undefined } | string;

/** A POST over a kept-alive connection (as a client or balancer keeps one) that resolves with its {@link Outcome}. */
function postOutcome(url: string, authorization: string, body: unknown): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = JSON.stringify(body);
    const req = request(
      url,
      {
        method: 'POST',
        agent: new Agent({ keepAlive: true }),
        headers: { authorization, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }),
        );
        response.on('error', (error) => resolve(`response error: ${error.message}`));
      },
    );
    req.on('error', (error) => resolve(`request error: ${error.message}`));
    req.end(payload);
  });
}

describe('the API on SIGTERM', () => {
  it('answers the request in flight, refuses new connections, and exits by itself', async () => {
    const unit = org.recipients[0]!;
    const clerk = asClerk(org.issuer);
    const directive = await aDirective(org).to(unit).issue(stack);
    await waitUntilAllActive(stack, directive.id, 60_000, clerk);
    const [task] = await tasksOf(stack, directive.id, clerk);
    await stack.killWorker();

    const officer = asOfficer(unit);
    const started = Date.now();
    const inFlight = postOutcome(`${stack.baseUrl}/tasks/${task!.id}/progress`, await stack.authorization(officer), {
      percent: 10,
      note: 'đang làm',
    });
    // Let the request reach the API and start waiting for its Update before the signal.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const stopping = stack.stopApi(UPDATE_BUDGET_MS + 20_000);
    // New connections are refused while the one in flight is still being answered.
    await pollUntil(
      () =>
        fetch(`${stack.baseUrl}/health/live`, { signal: AbortSignal.timeout(2_000) }).then(
          () => 'answered',
          () => 'refused',
        ),
      (outcome) => outcome === 'refused',
      { timeoutMs: 5_000, intervalMs: 100, description: 'the stopping API to refuse new connections' },
    );

    const outcome = await inFlight;
    // Answered, and its kept-alive connection closed with the answer: reused, it would carry new
    // requests to the stopping process.
    expect(outcome).toEqual({ status: 503, connection: 'close' });
    // It waited out its Update budget rather than being cut when the signal came.
    expect(Date.now() - started).toBeGreaterThanOrEqual(UPDATE_BUDGET_MS - 500);
    // Nest re-raises the signal once it has closed everything, so a clean stop reads as SIGTERM;
    // SIGKILL would mean the grace period ran out.
    expect(['exit code 0', 'killed by SIGTERM']).toContain(await stopping);

    // The stack's own stop() expects a running API and worker.
    await stack.restartApi();
    await stack.startWorker();
  }, 120_000);
});
