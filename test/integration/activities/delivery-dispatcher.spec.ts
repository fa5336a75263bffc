/**
 * The dispatcher on a real PostgreSQL database, sending to real receivers: an HTTP server that
 * verifies Standard Webhooks signatures with `standardwebhooks`, and an in-process SMTP server.
 * Back-off is shortened so retries happen within a test; everything else is the worker's code.
 */
import { randomUUID } from 'node:crypto';
import {
  EVENT_CATALOGUE_VERSION,
  eventId,
  parseWorkingHours,
  taskLink,
  type AnyDondocEvent,
  type BackoffPolicy,
} from '@dondoc/domain';
import {
  DeliveryDispatcher,
  cachedCalendar,
  deliveryBacklog,
  writeOutboxEvents,
  type DispatcherOptions,
} from '@dondoc/activities';
import {
  EmailTemplates,
  createSmtpSender,
  createWebhookSender,
  generateWebhookSecret,
  type SmtpSender,
} from '@dondoc/delivery';
import { TEST_PUBLIC_URL, useTestDatabase } from '../support/database';
import { MailCatcher, WebhookReceiver } from '../support/delivery-receivers';
import { seedDirective, seedTask, seedUnit } from './seed';
import { untilDefined } from '../support/until-defined';

const QUICK_BACKOFF: BackoffPolicy = { baseMs: 40, capMs: 200, minMs: 10, window: 'PT60S' };

describe('delivery dispatcher', () => {
  const database = useTestDatabase({ poolSize: 12 });
  const receiver = new WebhookReceiver();
  const catcher = new MailCatcher();
  let smtp: SmtpSender;
  let dispatcher: DeliveryDispatcher;
  let unit: string;
  let taskId: string;
  let directiveId: string;
  /** Errors the dispatcher's loops met: none is expected. */
  const loopErrors: string[] = [];

  /** A reminder of the seeded task, due at `scheduledAt`, with an id no other test uses. */
  function reminder(scheduledAt = new Date().toISOString()): AnyDondocEvent {
    return {
      id: eventId('task.reminder', `${taskId}:${randomUUID()}`),
      type: 'task.reminder',
      version: EVENT_CATALOGUE_VERSION,
      occurredAt: scheduledAt,
      directiveId,
      directiveNumber: '276-CV/TU',
      directiveSubject: 'V/v triển khai thực hiện Công văn số 335-CV/TU của Tỉnh ủy',
      taskId,
      unitId: unit,
      dueAt: '2026-12-18T10:00:00.000Z',
      link: taskLink(TEST_PUBLIC_URL, taskId),
      data: { scheduledAt, offset: 'P1D before', workingDaysLeft: 1 },
    };
  }

  async function subscribe(url: string, secret: string, events = ['task.reminder']): Promise<string> {
    const rows: { id: string }[] = await database.dataSource.query(
      `INSERT INTO webhook_subscriptions (unit_id, url, events, secret, created_by) VALUES ($1, $2, $3, $4, 'test') RETURNING id`,
      [unit, url, events, secret],
    );
    return rows[0]?.id ?? '';
  }

  async function deliveriesTo(
    targetId: string,
  ): Promise<{ id: string; status: string; attempts: number; last_status: string | null }[]> {
    return database.dataSource.query(
      `SELECT id, status, attempts, last_status FROM deliveries WHERE target_id = $1 ORDER BY id`,
      [targetId],
    );
  }

  function startDispatcher(overrides: Partial<DispatcherOptions> = {}, timeoutMs = 2_000): DeliveryDispatcher {
    const started = new DeliveryDispatcher(
      database.dataSource,
      {
        smtp,
        webhooks: createWebhookSender({ allowPrivate: true, timeoutMs }),
        templates: EmailTemplates.load(),
      },
      {
        claimer: `test/${randomUUID()}`,
        perEndpoint: 4,
        maxInFlight: 32,
        leaseMs: 10_000,
        pollMs: 20,
        backoff: QUICK_BACKOFF,
        circuit: { failureThreshold: 5, coolDownMs: 300 },
        rules: { workingHours: parseWorkingHours('always'), holdEscalations: true },
        calendar: cachedCalendar(database.dataSource, 60_000),
        onError: (error, stage) => {
          loopErrors.push(`${stage}: ${error instanceof Error ? error.message : String(error)}`);
        },
        ...overrides,
      },
    );
    started.start();
    return started;
  }

  beforeAll(async () => {
    await receiver.start();
    smtp = createSmtpSender({
      url: await catcher.start(),
      from: '"Đôn đốc" <dondoc@bac-kan.gov.vn>',
      requireTls: false,
      rejectUnauthorized: true,
      timeoutMs: 5_000,
    });
  });

  beforeEach(async () => {
    unit = await seedUnit(database.dataSource);
    directiveId = await seedDirective(database.dataSource, { issuerUnitId: unit });
    taskId = await seedTask(database.dataSource, { directiveId, unitId: unit });
    dispatcher = startDispatcher();
  });

  afterEach(async () => {
    await dispatcher.stop();
    expect(loopErrors).toEqual([]);
  });

  afterAll(async () => {
    smtp.close();
    await receiver.stop();
    await catcher.stop();
  });

  it('retries a receiver that fails three times, which then keeps the event exactly once per webhook-id', async () => {
    const secret = generateWebhookSecret();
    const url = receiver.route('/flaky', [secret], (attempt) => (attempt <= 3 ? 503 : 200));
    const subscription = await subscribe(url, secret);
    const event = reminder();
    await writeOutboxEvents(database.dataSource, [event]);

    const [row] = await untilDefined(async () => {
      const rows = await deliveriesTo(subscription);
      return rows[0]?.status === 'delivered' ? rows : undefined;
    });
    expect(row).toMatchObject({ status: 'delivered', attempts: 4, last_status: '200' });
    expect(receiver.acceptedIds('/flaky')).toEqual(new Set([row?.id]));
    expect(receiver.accepted('/flaky').map((request) => request.body)).toEqual([event]);
  });

  it('turns the subscription off on 410 Gone and cancels what still waited for it', async () => {
    const secret = generateWebhookSecret();
    const url = receiver.route('/gone', [secret], () => 410);
    const subscription = await subscribe(url, secret);
    await writeOutboxEvents(database.dataSource, [reminder()]);

    const [status] = await untilDefined(async () => {
      const rows: { status: string; disabled_reason: string | null }[] = await database.dataSource.query(
        `SELECT status, disabled_reason FROM webhook_subscriptions WHERE id = $1`,
        [subscription],
      );
      return rows[0]?.status === 'disabled' ? rows : undefined;
    });
    expect(status?.disabled_reason).toMatch(/410/);
    const [gone] = await untilDefined(async () => {
      const rows = await deliveriesTo(subscription);
      return rows[0]?.status === 'cancelled' ? rows : undefined;
    });
    expect(gone).toMatchObject({ attempts: 1, last_status: '410' });

    // A later event finds no active subscription: nothing more is written for it, nothing sent.
    await writeOutboxEvents(database.dataSource, [reminder()]);
    await untilDefined(async () =>
      (await deliveryBacklog(database.dataSource)).outboxPending === 0 ? true : undefined,
    );
    expect(await deliveriesTo(subscription)).toHaveLength(1);
  });

  it('signs with both secrets during a rotation: receivers holding either verify every delivery', async () => {
    const oldSecret = generateWebhookSecret();
    const newSecret = generateWebhookSecret();
    const oldUrl = receiver.route('/old-secret', [oldSecret]);
    const newUrl = receiver.route('/new-secret', [newSecret]);
    const rotate = async (id: string): Promise<void> => {
      await database.dataSource.query(
        `UPDATE webhook_subscriptions SET secret = $2, previous_secret = $3, previous_secret_until = now() + interval '1 hour' WHERE id = $1`,
        [id, newSecret, oldSecret],
      );
    };
    const stillOld = await subscribe(oldUrl, oldSecret);
    const alreadyNew = await subscribe(newUrl, oldSecret);
    await rotate(stillOld);
    await rotate(alreadyNew);
    await writeOutboxEvents(database.dataSource, [reminder()]);

    await untilDefined(() =>
      receiver.accepted('/old-secret').length > 0 && receiver.accepted('/new-secret').length > 0 ? true : undefined,
    );
    expect(receiver.unverified).toEqual([]);
    expect(receiver.accepted('/old-secret')[0]?.verifiedWith).toBe(0);
    expect(receiver.accepted('/new-secret')[0]?.verifiedWith).toBe(0);
  });

  it('e-mails a contact the reminder with its Vietnamese subject, deadline, link and a Message-ID of the delivery', async () => {
    const address = `van.phong.${randomUUID().slice(0, 8)}@bac-kan.gov.vn`;
    const contacts: { id: string }[] = await database.dataSource.query(
      `INSERT INTO unit_contacts (unit_id, name, email, topics, mode) VALUES ($1, 'Văn phòng', $2, '{reminder}', 'each') RETURNING id`,
      [unit, address],
    );
    const event = reminder();
    await writeOutboxEvents(database.dataSource, [event]);

    const mail = await untilDefined(() =>
      catcher.received.find((message) => message.to !== undefined && JSON.stringify(message.to).includes(address)),
    );
    expect(mail.subject).toBe('[Đôn đốc] Nhắc hạn: 276-CV/TU — còn 1 ngày làm việc');
    expect(mail.text).toContain('17:00 thứ Sáu, 18/12/2026');
    expect(mail.text).toContain(taskLink(TEST_PUBLIC_URL, taskId));
    const [row] = await untilDefined(async () => {
      const rows = await deliveriesTo(contacts[0]?.id ?? '');
      return rows[0]?.status === 'delivered' ? rows : undefined;
    });
    expect(mail.headers.get('x-dondoc-delivery-id')).toBe(row?.id);
    expect(row?.last_status).toMatch(/^250/);
  });

  it('holds an e-mailed reminder due at night until 07:30 of the next working day, keeping its instant', async () => {
    await dispatcher.stop();
    dispatcher = startDispatcher({ rules: { workingHours: parseWorkingHours('07:30-17:00'), holdEscalations: true } });
    const contacts: { id: string }[] = await database.dataSource.query(
      `INSERT INTO unit_contacts (unit_id, name, email, topics, mode) VALUES ($1, 'Văn phòng', $2, '{all}', 'each') RETURNING id`,
      [unit, `dem.${randomUUID().slice(0, 8)}@bac-kan.gov.vn`],
    );
    // Friday 18 December 2026, 21:00 in Vietnam: held until Monday 21 December, 07:30.
    await writeOutboxEvents(database.dataSource, [reminder('2026-12-18T14:00:00.000Z')]);
    const [row] = await untilDefined(async () => {
      const rows: { status: string; scheduled_for: Date; next_attempt_at: Date; sent_at: Date | null }[] =
        await database.dataSource.query(
          `SELECT status, scheduled_for, next_attempt_at, sent_at FROM deliveries WHERE target_id = $1`,
          [contacts[0]?.id],
        );
      return rows.length > 0 ? rows : undefined;
    });
    expect(row?.status).toBe('held');
    expect(row?.scheduled_for.toISOString()).toBe('2026-12-18T14:00:00.000Z');
    expect(row?.next_attempt_at.toISOString()).toBe('2026-12-21T00:30:00.000Z');
    expect(row?.sent_at).toBeNull();
  });

  it('keeps a healthy endpoint at its normal latency while another never answers', async () => {
    await dispatcher.stop();
    dispatcher = startDispatcher({}, 10_000);
    const deadSecret = generateWebhookSecret();
    const healthySecret = generateWebhookSecret();
    // Two origins, so two endpoints: each receiver listens on a port of its own.
    const deadReceiver = new WebhookReceiver();
    const healthyReceiver = new WebhookReceiver();
    await deadReceiver.start();
    await healthyReceiver.start();
    const dead = await subscribe(
      deadReceiver.route('/dead', [deadSecret], () => 'hang'),
      deadSecret,
    );
    try {
      await subscribe(healthyReceiver.route('/healthy', [healthySecret]), healthySecret);
      const written = Date.now();
      await writeOutboxEvents(
        database.dataSource,
        Array.from({ length: 40 }, () => reminder()),
      );
      await untilDefined(() => (healthyReceiver.acceptedIds('/healthy').size === 40 ? true : undefined));
      const elapsed = Date.now() - written;
      // Every healthy delivery arrived while the dead endpoint's first ones were still waiting out
      // their 10 s time-out: none of them has even been recorded as an attempt yet.
      const waiting = await deliveriesTo(dead);
      expect(waiting.map((row) => row.attempts)).toEqual(waiting.map(() => 0));
      expect(elapsed).toBeLessThan(10_000);
      process.stdout.write(`healthy endpoint: 40 deliveries in ${elapsed} ms beside a dead one\n`);
    } finally {
      await dispatcher.stop();
      // What still waits for the dead endpoint is no other test's business.
      await database.dataSource.query(`UPDATE deliveries SET status = 'cancelled' WHERE target_id = $1`, [dead]);
      await deadReceiver.stop();
      await healthyReceiver.stop();
    }
  });

  it('never sends one delivery from two dispatchers at once: 300 deliveries, two dispatchers, no repeat', async () => {
    const second = startDispatcher();
    try {
      const secret = generateWebhookSecret();
      await subscribe(receiver.route('/shared', [secret]), secret);
      const written = Date.now();
      await writeOutboxEvents(
        database.dataSource,
        Array.from({ length: 300 }, () => reminder()),
      );
      await untilDefined(() => (receiver.acceptedIds('/shared').size === 300 ? true : undefined), 60_000);
      expect(receiver.accepted('/shared')).toHaveLength(300);
      const seconds = (Date.now() - written) / 1000;
      process.stdout.write(
        `two dispatchers: 300 deliveries in ${seconds.toFixed(1)} s (${(300 / seconds).toFixed(0)}/s)\n`,
      );
    } finally {
      await second.stop();
    }
  }, 90_000);
});
