/**
 * Notices leaving the real stack (API, worker with its dispatcher, Temporal, PostgreSQL) for real
 * receivers: an HTTP server verifying Standard Webhooks signatures with `standardwebhooks`, and
 * an in-process SMTP server. A task's start reaches both; the delivery lists and the re-send are
 * scoped like every other resource; and a worker killed with SIGKILL in the middle of 2,000
 * deliveries loses none, the receiver seeing each webhook-id again only a handful of times.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EVENT_CATALOGUE_VERSION, eventId, type AnyDondocEvent } from '@dondoc/domain';
import { writeOutboxEvents } from '@dondoc/activities';
import { generateWebhookSecret } from '@dondoc/delivery';
import { createDataSource } from '@dondoc/persistence';
import { asClerk, asOfficer, expectError, expectStatus, tasksOf, waitUntilAllActive } from './support/api';
import { aDirective, anOrg, type Org } from './support/builders';
import { MailCatcher, WebhookReceiver } from './support/delivery-receivers';
import { pollUntil } from './support/stack';
import { useStack } from './support/use-stack';

interface DeliveryView {
  id: string;
  eventId: string;
  channel: 'webhook' | 'email';
  target: string;
  status: string;
  attempts: number;
  lastStatus: string | null;
  nextAttemptAt: string | null;
}

const PER_ENDPOINT = 8;
const catcher = new MailCatcher();
const receiver = new WebhookReceiver();
const env: Record<string, string> = {
  DONDOC_WEBHOOK_ALLOW_PRIVATE: 'true',
  DONDOC_WORKING_HOURS: 'always',
  DONDOC_DELIVERY_LEASE_MS: '5000',
  DONDOC_DELIVERY_PER_ENDPOINT: String(PER_ENDPOINT),
  DONDOC_PUBLIC_URL: 'https://dondoc.test.gov.vn',
};
// Before the stack starts (hooks run in order): the worker is given the SMTP server's address.
beforeAll(async () => {
  env.DONDOC_SMTP_URL = await catcher.start();
  await receiver.start();
});
const stack = useStack({ env });
let db: DataSource;

beforeAll(async () => {
  db = createDataSource(stack.databaseUrl, { extra: { max: 4 }, logging: false });
  await db.initialize();
});

afterAll(async () => {
  await db?.destroy();
  await receiver.stop();
  await catcher.stop();
});

async function subscribe(unitId: string, url: string, secret: string, events: string[]): Promise<string> {
  const rows: { id: string }[] = await db.query(
    `INSERT INTO webhook_subscriptions (unit_id, url, events, secret, created_by) VALUES ($1, $2, $3, $4, 'test') RETURNING id`,
    [unitId, url, events, secret],
  );
  return rows[0]?.id ?? '';
}

describe('a task start reaching webhooks and mailboxes', () => {
  let org: Org;
  let subscription: string;
  let taskId: string;
  const secret = generateWebhookSecret();

  beforeAll(async () => {
    org = await anOrg().withRecipients(2).create(stack);
    const unit = org.recipients[0] ?? '';
    subscription = await subscribe(unit, receiver.route('/assigned', [secret]), secret, [
      'task.assigned',
      'task.reminder',
    ]);
    await db.query(
      `INSERT INTO unit_contacts (unit_id, name, email, topics, mode) VALUES ($1, 'Văn phòng', 'van.phong@huyen.gov.vn', '{all}', 'each')`,
      [unit],
    );
    const directive = await aDirective(org).dueAt('2027-01-15T10:00:00.000Z').issue(stack);
    await waitUntilAllActive(stack, directive.id, 60_000, asClerk(org.issuer));
    taskId = (await tasksOf(stack, directive.id, asClerk(org.issuer)))[0]?.id ?? '';
  }, 120_000);

  it('sends task.assigned, signed, to the subscription and as a Vietnamese e-mail with the deadline and link', async () => {
    const [request] = await pollUntil(
      () => Promise.resolve(receiver.accepted('/assigned')),
      (accepted) => accepted.length > 0,
      { timeoutMs: 60_000, description: 'the task.assigned webhook' },
    );
    expect(request?.body).toMatchObject({ type: 'task.assigned', taskId, unitId: org.recipients[0] });
    const mail = await pollUntil(
      () => Promise.resolve(catcher.received.find((message) => message.text?.includes(taskId) === true)),
      (found) => found !== undefined,
      { timeoutMs: 60_000, description: 'the task.assigned e-mail' },
    );
    expect(mail?.subject).toMatch(/^\[Đôn đốc\] Nhiệm vụ mới: .+ — hạn 17:00 thứ Sáu, 15\/01\/2027$/);
    expect(mail?.text).toContain(`https://dondoc.test.gov.vn/tasks/${taskId}`);
  });

  it("lists a subscription's deliveries to its unit's clerk, and to no other unit's", async () => {
    const page = expectStatus(
      await stack.http.get<{ items: DeliveryView[] }>(
        `/webhooks/${subscription}/deliveries`,
        asClerk(org.recipients[0] ?? ''),
      ),
      200,
    );
    expect(page.items).toEqual([
      expect.objectContaining({
        channel: 'webhook',
        status: 'delivered',
        attempts: 1,
        lastStatus: '200',
        nextAttemptAt: null,
      }),
    ]);
    expectError(await stack.http.get(`/webhooks/${subscription}/deliveries`, asClerk(org.recipients[1] ?? '')), 404);
  });

  it('re-sends a failed delivery on request, and refuses one that has not failed with 409', async () => {
    const clerk = asClerk(org.recipients[0] ?? '');
    const [delivered] = (await db.query(`SELECT id FROM deliveries WHERE target_id = $1`, [subscription])) as {
      id: string;
    }[];
    const id = delivered?.id ?? '';
    const refused = expectError(await stack.http.post(`/deliveries/${id}/retry`, {}, clerk), 409);
    expect(refused.details).toEqual({ status: 'delivered' });
    expectError(await stack.http.post(`/deliveries/${id}/retry`, {}, asClerk(org.recipients[1] ?? '')), 404);

    await db.query(`UPDATE deliveries SET status = 'failed', last_error = 'HTTP 503' WHERE id = $1`, [id]);
    const retried = expectStatus(await stack.http.post<DeliveryView>(`/deliveries/${id}/retry`, {}, clerk), 200);
    expect(retried.status).toBe('pending');
    await pollUntil(
      () => Promise.resolve(receiver.accepted('/assigned').filter((request) => request.webhookId === id).length),
      (count) => count === 2,
      { timeoutMs: 60_000, description: 'the re-sent delivery' },
    );
  });

  it("lists a notice's deliveries to whoever reads the notice", async () => {
    const unit = org.recipients[0] ?? '';
    const cause = `${taskId}:900`;
    await db.query(
      `INSERT INTO notifications (id, recipient_unit_id, task_id, directive_id, kind, message, scheduled_for, created_at)
       SELECT $1, $2, t.id, t.directive_id, 'reminder', 'Nhắc hạn', now(), now() FROM tasks t WHERE t.id = $3`,
      [`${cause}:0`, unit, taskId],
    );
    const reminder: AnyDondocEvent = {
      id: eventId('task.reminder', cause),
      type: 'task.reminder',
      version: EVENT_CATALOGUE_VERSION,
      occurredAt: new Date().toISOString(),
      directiveId: null,
      directiveNumber: '1-CV',
      directiveSubject: 'Thử',
      taskId,
      unitId: unit,
      dueAt: '2027-01-15T10:00:00.000Z',
      link: `https://dondoc.test.gov.vn/tasks/${taskId}`,
      data: { scheduledAt: new Date().toISOString(), offset: 'P1D before', workingDaysLeft: 1 },
    };
    await writeOutboxEvents(db, [reminder]);
    const items = await pollUntil(
      async () =>
        expectStatus(
          await stack.http.get<{ items: DeliveryView[] }>(`/notifications/${cause}:0/deliveries`, asOfficer(unit)),
          200,
        ).items,
      (found) => found.length === 2 && found.every((delivery) => delivery.status === 'delivered'),
      { timeoutMs: 60_000, description: "the notice's two deliveries" },
    );
    expect(items.map((delivery) => delivery.channel).sort()).toEqual(['email', 'webhook']);
    expectError(await stack.http.get(`/notifications/${cause}:0/deliveries`, asOfficer(org.recipients[1] ?? '')), 404);
  });
});

describe('a worker killed while dispatching 2,000 deliveries', () => {
  const COUNT = 2_000;

  it('delivers every one after a new worker starts, each webhook-id once after de-duplication', async () => {
    const org = await anOrg().withRecipients(1).create(stack);
    const secret = generateWebhookSecret();
    // A receiver that takes a few milliseconds per request, so the kill lands in the middle.
    const url = receiver.route('/bulk', [secret], () => 200, 25);
    const subscription = await subscribe(org.recipients[0] ?? '', url, secret, ['task.completed']);
    const batch = randomUUID();
    const pings: AnyDondocEvent[] = Array.from({ length: COUNT }, (_, index) => ({
      id: eventId('ping', `${batch}:${index}`),
      type: 'ping',
      version: EVENT_CATALOGUE_VERSION,
      occurredAt: new Date().toISOString(),
      directiveId: null,
      directiveNumber: null,
      directiveSubject: null,
      taskId: null,
      unitId: null,
      dueAt: null,
      link: null,
      data: { message: `ping ${index}`, subscriptionId: subscription },
    }));
    for (let start = 0; start < COUNT; start += 500) await writeOutboxEvents(db, pings.slice(start, start + 500));

    await pollUntil(
      () => Promise.resolve(receiver.acceptedIds('/bulk').size),
      (received) => received >= 200,
      { timeoutMs: 120_000, description: 'the first 200 deliveries' },
    );
    await stack.killWorker();
    const atKill = receiver.acceptedIds('/bulk').size;
    expect(atKill).toBeLessThan(COUNT);
    await stack.startWorker();

    await pollUntil(
      () => Promise.resolve(receiver.acceptedIds('/bulk').size),
      (received) => received === COUNT,
      { timeoutMs: 240_000, description: `all ${COUNT} deliveries` },
    );
    const repeats = receiver.accepted('/bulk').length - COUNT;
    process.stdout.write(
      `kill -9 during ${COUNT} deliveries: ${atKill} received at the kill, ${repeats} repeats before de-duplication\n`,
    );
    // At most the deliveries in flight when the worker died: one endpoint's slots.
    expect(repeats).toBeLessThanOrEqual(PER_ENDPOINT);
    const statuses: { status: string; count: string }[] = await db.query(
      `SELECT status, count(*) FROM deliveries WHERE target_id = $1 GROUP BY status`,
      [subscription],
    );
    expect(statuses).toEqual([{ status: 'delivered', count: String(COUNT) }]);
  }, 420_000);
});
