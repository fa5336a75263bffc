import { createWebhookSender, generateWebhookSecret, signWebhook, type WebhookSender } from '@dondoc/delivery';
import { PERSON_EVENT_SAMPLES } from './event-builders';
import { WebhookReceiver } from './webhook-receiver';

const oldSecret = generateWebhookSecret();
const newSecret = generateWebhookSecret();
const strangerSecret = generateWebhookSecret();
const body = JSON.stringify(PERSON_EVENT_SAMPLES['task.reminder']);

describe('webhook sender (signed per Standard Webhooks, to a real receiver)', () => {
  // The receiver on loopback is reachable only with private addresses allowed, as in development.
  const receiver = new WebhookReceiver([oldSecret, newSecret, strangerSecret]);
  let url: string;
  let sender: WebhookSender;

  beforeAll(async () => {
    url = await receiver.start();
    sender = createWebhookSender({ allowPrivate: true, timeoutMs: 2_000 });
  });

  afterAll(() => receiver.stop());
  beforeEach(() => {
    receiver.answer = 200;
  });

  it('delivers the event as JSON with the delivery id, a timestamp and a signature the receiver verifies', async () => {
    const before = Math.floor(Date.now() / 1000);
    const outcome = await sender.send({
      url,
      webhookId: 'task.reminder/4f1c:1/webhook/w1',
      body,
      secrets: { current: newSecret, previous: null },
    });
    expect(outcome).toMatchObject({ outcome: 'delivered', status: 200 });
    const got = receiver.received.at(-1);
    expect(got?.headers['webhook-id']).toBe('task.reminder/4f1c:1/webhook/w1');
    expect(Number(got?.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(before);
    expect(got?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got?.body ?? 'null')).toEqual(PERSON_EVENT_SAMPLES['task.reminder']);
    expect(got?.verifiedBy).toEqual([false, true, false]);
  });

  it('keeps deliveries verifiable through a secret rotation: old and new both verify during the grace period', async () => {
    await sender.send({ url, webhookId: 'rotation-1', body, secrets: { current: newSecret, previous: oldSecret } });
    const during = receiver.received.at(-1);
    expect(String(during?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(during?.verifiedBy).toEqual([true, true, false]);

    await sender.send({ url, webhookId: 'rotation-2', body, secrets: { current: newSecret, previous: null } });
    expect(receiver.received.at(-1)?.verifiedBy).toEqual([false, true, false]);
  });

  it('signs the same id with the same timestamp and body to the same signatures, so a repeat is recognisable', () => {
    const at = new Date('2026-12-17T02:00:00Z');
    const a = signWebhook('d1', at, body, { current: newSecret, previous: oldSecret });
    expect(signWebhook('d1', at, body, { current: newSecret, previous: oldSecret })).toEqual(a);
    expect(a['webhook-timestamp']).toBe(String(Date.parse('2026-12-17T02:00:00Z') / 1000));
    expect(a['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+ v1,[A-Za-z0-9+/=]+$/);
  });

  it('asks to disable the subscription on 410 Gone', async () => {
    receiver.answer = 410;
    expect(
      await sender.send({ url, webhookId: 'gone', body, secrets: { current: newSecret, previous: null } }),
    ).toMatchObject({ outcome: 'disable', status: 410 });
  });

  it.each([500, 503, 429, 404, 301])('retries on %i', async (status) => {
    receiver.answer = status;
    expect(
      await sender.send({ url, webhookId: `status-${status}`, body, secrets: { current: newSecret, previous: null } }),
    ).toMatchObject({ outcome: 'retry', status });
  });

  it('gives up on a receiver that does not answer within the time-out, and retries', async () => {
    receiver.answer = 'hang';
    const started = Date.now();
    const outcome = await createWebhookSender({ allowPrivate: true, timeoutMs: 300 }).send({
      url,
      webhookId: 'hang',
      body,
      secrets: { current: newSecret, previous: null },
    });
    expect(outcome).toMatchObject({ outcome: 'retry', status: null, error: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('retries when nothing listens', async () => {
    const outcome = await sender.send({
      url: 'http://127.0.0.1:1/hooks',
      webhookId: 'refused',
      body,
      secrets: { current: newSecret, previous: null },
    });
    expect(outcome).toMatchObject({ outcome: 'retry', status: null, error: 'ECONNREFUSED' });
  });
});

describe('webhook sender outside development (private addresses refused)', () => {
  const receiver = new WebhookReceiver([newSecret]);
  const sender = createWebhookSender({ allowPrivate: false, timeoutMs: 2_000 });
  let port: string;

  beforeAll(async () => {
    port = new URL(await receiver.start()).port;
  });
  afterAll(() => receiver.stop());

  it.each([
    ['plain http', () => `http://127.0.0.1:${port}/hooks`, /only https/],
    [
      'a loopback address',
      () => `https://127.0.0.1:${port}/hooks`,
      /127\.0\.0\.1 is a loopback, private or link-local/,
    ],
    [
      'a name resolving to loopback, checked at connect time',
      () => `https://localhost:${port}/hooks`,
      /resolves to .* loopback, private or link-local/,
    ],
    ['the cloud metadata address', () => 'https://169.254.169.254/latest', /169\.254\.169\.254/],
  ])('refuses %s without sending', async (_what, target, reason) => {
    const before = receiver.received.length;
    const outcome = await sender.send({
      url: target(),
      webhookId: 'ssrf',
      body,
      secrets: { current: newSecret, previous: null },
    });
    expect(outcome).toEqual({ outcome: 'refused', reason: expect.stringMatching(reason) });
    expect(receiver.received.length).toBe(before);
  });
});
