/**
 * The person handling a task is e-mailed its reminders besides the unit's contacts, on a real
 * PostgreSQL database with the in-process SMTP server: once per address, first in a claim, and
 * cancelled at sending when the person was deactivated after the fan-out.
 */
import { randomUUID } from 'node:crypto';
import {
  EVENT_CATALOGUE_VERSION,
  eventId,
  parseWorkingHours,
  personTargetId,
  taskLink,
  type AnyDondocEvent,
} from '@dondoc/domain';
import {
  DeliveryDispatcher,
  cachedCalendar,
  claimDeliveries,
  fanOutOutbox,
  writeOutboxEvents,
  type DispatcherOptions,
} from '@dondoc/activities';
import { EmailTemplates, createSmtpSender, createWebhookSender, type SmtpSender } from '@dondoc/delivery';
import { TEST_PUBLIC_URL, useTestDatabase } from '../support/database';
import { MailCatcher } from '../support/delivery-receivers';
import { seedDirective, seedTask, seedUnit } from './seed';
import { untilDefined } from '../support/until-defined';

const ALWAYS = { workingHours: parseWorkingHours('always'), holdEscalations: true };

describe('delivery to the person handling the task', () => {
  const database = useTestDatabase({ poolSize: 8 });
  const catcher = new MailCatcher();
  let smtp: SmtpSender;
  let dispatcher: DeliveryDispatcher | null = null;
  let unit: string;
  let taskId: string;
  let directiveId: string;
  const loopErrors: string[] = [];

  /** A reminder of the seeded task naming `assignee`, with an id no other test uses. */
  function reminder(assignee: string | null): AnyDondocEvent {
    const scheduledAt = new Date().toISOString();
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
      data: { scheduledAt, offset: 'P1D before', workingDaysLeft: 1, assignee },
    };
  }

  async function addPerson(sub: string, email: string | null): Promise<void> {
    await database.dataSource.query(
      `INSERT INTO people (unit_id, sub, display_name, email, roles_seen) VALUES ($1, $2, 'Nguyễn Văn An', $3, '{officer}')`,
      [unit, sub, email],
    );
  }

  async function addContact(email: string): Promise<string> {
    const rows: { id: string }[] = await database.dataSource.query(
      `INSERT INTO unit_contacts (unit_id, name, email, topics, mode) VALUES ($1, 'Văn phòng', $2, '{reminder}', 'each') RETURNING id`,
      [unit, email],
    );
    return rows[0]?.id ?? '';
  }

  async function deliveriesOfEvent(
    id: string,
  ): Promise<{ target_id: string; status: string; last_error: string | null }[]> {
    return database.dataSource.query(
      `SELECT target_id, status, last_error FROM deliveries WHERE event_id = $1 ORDER BY target_id`,
      [id],
    );
  }

  const mailsTo = (address: string) =>
    catcher.received.filter((message) => JSON.stringify(message.to ?? '').includes(address));

  function startDispatcher(): DeliveryDispatcher {
    const options: DispatcherOptions = {
      claimer: `test/${randomUUID()}`,
      perEndpoint: 4,
      maxInFlight: 16,
      leaseMs: 10_000,
      pollMs: 20,
      backoff: { baseMs: 40, capMs: 200, minMs: 10, window: 'PT60S' },
      circuit: { failureThreshold: 5, coolDownMs: 300 },
      rules: ALWAYS,
      calendar: cachedCalendar(database.dataSource, 60_000),
      onError: (error, stage) => {
        loopErrors.push(`${stage}: ${error instanceof Error ? error.message : String(error)}`);
      },
    };
    const channels = {
      smtp,
      webhooks: createWebhookSender({ allowPrivate: true, timeoutMs: 2_000 }),
      templates: EmailTemplates.load(),
    };
    const started = new DeliveryDispatcher(database.dataSource, channels, options);
    started.start();
    return started;
  }

  beforeAll(async () => {
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
  });

  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = null;
    expect(loopErrors).toEqual([]);
  });

  afterAll(async () => {
    smtp.close();
    await catcher.stop();
  });

  it("reaches the assignee's mailbox and the unit contact's, once each, the assignee's named in it", async () => {
    const tag = randomUUID().slice(0, 8);
    const personAddress = `an.nv.${tag}@bac-kan.gov.vn`;
    const contactAddress = `van.phong.${tag}@bac-kan.gov.vn`;
    await addPerson('an.nv', personAddress);
    const contact = await addContact(contactAddress);
    const event = reminder('an.nv');
    await writeOutboxEvents(database.dataSource, [event]);
    dispatcher = startDispatcher();

    const rows = await untilDefined(async () => {
      const found = await deliveriesOfEvent(event.id);
      return found.length === 2 && found.every((row) => row.status === 'delivered') ? found : undefined;
    });
    expect(rows.map((row) => row.target_id).sort()).toEqual([contact, personTargetId(unit, 'an.nv')].sort());
    expect(mailsTo(personAddress)).toHaveLength(1);
    expect(mailsTo(contactAddress)).toHaveLength(1);
    expect(mailsTo(personAddress)[0]?.text).toContain('Người xử lý: Nguyễn Văn An.');
    expect(mailsTo(contactAddress)[0]?.text).toContain('Người xử lý: Nguyễn Văn An.');
  });

  it('e-mails the person a task is assigned to, and not the unit contact that takes every notice', async () => {
    const tag = randomUUID().slice(0, 8);
    const personAddress = `giao.${tag}@bac-kan.gov.vn`;
    await addPerson('an.nv', personAddress);
    await database.dataSource.query(
      `INSERT INTO unit_contacts (unit_id, name, email, topics, mode) VALUES ($1, 'Văn phòng', $2, '{all}', 'each')`,
      [unit, `tat.ca.${tag}@bac-kan.gov.vn`],
    );
    const event: AnyDondocEvent = {
      ...reminder(null),
      id: eventId('task.assignee_changed', `${taskId}:${randomUUID()}`),
      type: 'task.assignee_changed',
      data: { action: 'assign', assignee: 'an.nv', previousAssignee: null, by: { unitId: unit, sub: 'truong.phong' } },
    };
    await writeOutboxEvents(database.dataSource, [event]);
    dispatcher = startDispatcher();

    const [row] = await untilDefined(async () => {
      const found = await deliveriesOfEvent(event.id);
      return found[0]?.status === 'delivered' ? found : undefined;
    });
    expect(row?.target_id).toBe(personTargetId(unit, 'an.nv'));
    expect(await deliveriesOfEvent(event.id)).toHaveLength(1);
    expect(mailsTo(personAddress).map((mail) => mail.subject)).toEqual([
      '[Đôn đốc] Giao xử lý: 276-CV/TU — hạn 17:00 thứ Sáu, 18/12/2026',
    ]);
    expect(mailsTo(personAddress)[0]?.text).toContain('Kính gửi Nguyễn Văn An,');
    expect(mailsTo(`tat.ca.${tag}`)).toEqual([]);
  });

  it('sends once to an address that is both the assignee and a unit contact', async () => {
    const shared = `chung.${randomUUID().slice(0, 8)}@bac-kan.gov.vn`;
    await addPerson('an.nv', shared);
    const contact = await addContact(shared);
    const event = reminder('an.nv');
    await writeOutboxEvents(database.dataSource, [event]);
    dispatcher = startDispatcher();

    await untilDefined(async () => ((await deliveriesOfEvent(event.id))[0]?.status === 'delivered' ? true : undefined));
    expect((await deliveriesOfEvent(event.id)).map((row) => row.target_id)).toEqual([contact]);
    expect(mailsTo(shared)).toHaveLength(1);
  });

  it("claims the person's e-mail before the contacts' due at the same instant", async () => {
    await addPerson('an.nv', `an.${randomUUID().slice(0, 8)}@bac-kan.gov.vn`);
    for (let index = 0; index < 7; index += 1)
      await addContact(`lh${index}.${randomUUID().slice(0, 8)}@bac-kan.gov.vn`);
    const event = reminder('an.nv');
    await writeOutboxEvents(database.dataSource, [event]);
    const claimer = `test/${randomUUID()}`;
    await untilDefined(async () => {
      await fanOutOutbox(database.dataSource, {
        claimer,
        batchSize: 50,
        leaseMs: 10_000,
        rules: ALWAYS,
        calendar: cachedCalendar(database.dataSource, 60_000),
      });
      return (await deliveriesOfEvent(event.id)).length === 8 ? true : undefined;
    });
    // Give every delivery of this event the same instant, so only the person rule orders them.
    await database.dataSource.query(
      `UPDATE deliveries SET next_attempt_at = now() - interval '1 hour' WHERE event_id = $1`,
      [event.id],
    );
    const [first] = await claimDeliveries(database.dataSource, {
      claimer,
      limit: 1,
      leaseMs: 10_000,
      freeSlots: {},
      perEndpoint: 4,
    });
    expect(first?.targetId).toBe(personTargetId(unit, 'an.nv'));
  });

  it('cancels the e-mail of a person deactivated between the fan-out and the sending', async () => {
    const address = `nghi.${randomUUID().slice(0, 8)}@bac-kan.gov.vn`;
    await addPerson('an.nv', address);
    const event = reminder('an.nv');
    await writeOutboxEvents(database.dataSource, [event]);
    await untilDefined(async () => {
      await fanOutOutbox(database.dataSource, {
        claimer: `test/${randomUUID()}`,
        batchSize: 50,
        leaseMs: 10_000,
        rules: ALWAYS,
        calendar: cachedCalendar(database.dataSource, 60_000),
      });
      return (await deliveriesOfEvent(event.id)).length === 1 ? true : undefined;
    });
    await database.dataSource.query(`UPDATE people SET active = false WHERE unit_id = $1 AND sub = 'an.nv'`, [unit]);
    dispatcher = startDispatcher();

    const [row] = await untilDefined(async () => {
      const found = await deliveriesOfEvent(event.id);
      return found[0]?.status === 'cancelled' ? found : undefined;
    });
    expect(row?.last_error).toBe('the person was deactivated or has no e-mail');
    expect(mailsTo(address)).toEqual([]);
  });
});
