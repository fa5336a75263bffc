/**
 * GET /events/stream on two API processes over one database, as behind the cluster's load
 * balancer: a client connected to replica B sees an event caused through replica A, only the
 * events its scope reads, heartbeats while nothing happens, and after a broken connection the
 * events it missed, from its Last-Event-ID. And the stream never holds the API's shutdown up.
 */
import { asClerk, asOfficer } from './support/api';
import { aDirective, anOrg, type Org } from './support/builders';
import { openEventStream, type OpenStream } from './support/event-stream';
import { pollUntil } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack({
  env: { DONDOC_EVENT_STREAM_POLL_MS: '200', DONDOC_EVENT_STREAM_HEARTBEAT_MS: '500' },
});
let org: Org;
let replicaB: string;
const streams: OpenStream[] = [];

beforeAll(async () => {
  org = await anOrg().withRecipients(2).create(stack);
  replicaB = await stack.startReplica();
}, 180_000);

afterAll(() => {
  for (const stream of streams) stream.close();
});

async function officerStream(apiRoot: string, unit: string, lastEventId?: string): Promise<OpenStream> {
  const stream = await openEventStream(apiRoot, await stack.authorization(asOfficer(unit)), lastEventId);
  streams.push(stream);
  return stream;
}

/** Issues a directive to `unit` through replica A; answers its id. */
async function issueThroughA(unit: string): Promise<string> {
  const directive = await aDirective(org).to(unit).issue(stack);
  return directive.id;
}

/** Waits until `stream` has received the `task.assigned` of `directiveId`'s task; answers that frame's index. */
async function assignedArrives(stream: OpenStream, directiveId: string): Promise<number> {
  await pollUntil(
    () =>
      Promise.resolve(
        stream.frames.findIndex((f) => f.type === 'task.assigned' && f.event?.directiveId === directiveId),
      ),
    (index) => index >= 0,
    { timeoutMs: 60_000, description: `task.assigned of directive ${directiveId} on the stream` },
  );
  return stream.frames.findIndex((f) => f.event?.directiveId === directiveId);
}

describe('the event stream across two API replicas', () => {
  it('brings a client on replica B the event caused through replica A, in its scope only, with heartbeats', async () => {
    const [mine, other] = [org.recipients[0]!, org.recipients[1]!];
    const onB = await officerStream(replicaB, mine);
    const otherOnB = await officerStream(replicaB, other);
    expect(onB.status).toBe(200);
    expect(onB.contentType).toMatch(/^text\/event-stream/);

    const forMine = await issueThroughA(mine);
    const index = await assignedArrives(onB, forMine);
    const frame = onB.frames[index]!;
    expect(frame.event).toMatchObject({ type: 'task.assigned', unitId: mine, directiveId: forMine });
    expect(frame.id).toEqual(expect.any(String));

    // The other unit's officer gets its own event, and never the first one (the stream is in order).
    const forOther = await issueThroughA(other);
    await assignedArrives(otherOnB, forOther);
    expect(otherOnB.frames.map((f) => f.event?.unitId)).not.toContain(mine);
    expect(onB.frames.map((f) => f.event?.unitId)).not.toContain(other);

    await pollUntil(
      () => Promise.resolve(onB.heartbeats),
      (n) => n >= 2,
      {
        timeoutMs: 10_000,
        description: 'two heartbeats on a quiet stream',
      },
    );
  });

  it('sends a client that reconnects with Last-Event-ID the events it missed, and none it had', async () => {
    const unit = org.recipients[0]!;
    const first = await officerStream(replicaB, unit);
    const before = await issueThroughA(unit);
    const seen = first.frames[await assignedArrives(first, before)]!;
    first.close();

    const missed = await issueThroughA(unit);
    // Read through A's own feed that the event is written before resuming, so the replay has it to find.
    await pollUntil(
      async () =>
        (await stack.http.get<{ items: { directiveId: string | null }[] }>('/events?limit=500', asOfficer(unit))).body,
      (page) => page.items.some((event) => event.directiveId === missed),
      { timeoutMs: 60_000, description: 'the missed event in GET /events' },
    );

    const resumed = await officerStream(replicaB, unit, seen.id);
    await assignedArrives(resumed, missed);
    expect(resumed.frames.map((f) => f.event?.directiveId)).not.toContain(before);
  });

  it('refuses a stream without a token (401) and a Last-Event-ID it did not give out (400 naming it)', async () => {
    const anonymous = await fetch(`${replicaB}/events/stream`);
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${replicaB}/events/stream`, {
      headers: { authorization: await stack.authorization(asOfficer(org.recipients[0]!)), 'last-event-id': 'nonsense' },
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ errors: [{ field: 'Last-Event-ID' }] });
  });

  it('does not hold up the API’s shutdown: on SIGTERM open streams end and the process exits by itself', async () => {
    const open = await openEventStream(stack.baseUrl, await stack.authorization(asClerk(org.issuer)));
    streams.push(open);
    expect(open.status).toBe(200);
    const started = Date.now();
    const exit = await stack.stopApi(20_000);
    // Nest re-raises the signal once it has closed everything, so a clean stop reads as SIGTERM (not SIGKILL).
    expect(['exit code 0', 'killed by SIGTERM']).toContain(exit);
    expect(Date.now() - started).toBeLessThan(15_000);
    await pollUntil(
      () => Promise.resolve(open.ended),
      (ended) => ended,
      {
        timeoutMs: 5_000,
        description: 'the stream to end with the process',
      },
    );
  });
});
