/**
 * The daily digest on the time-skipping server with its real activities: a migrated PostgreSQL
 * database of this file's own and a real SMTP server in this process. The clock is the server's;
 * every deadline is set relative to it, so the file passes on any day it runs.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { WorkingCalendar, nextDigestDay, parseDigestAt, type AnnouncedDay } from '@dondoc/domain';
import { EmailTemplates, createSmtpSender, type SmtpSender } from '@dondoc/delivery';
import { createDigestActivities, type DigestActivities } from '@dondoc/activities';
import {
  DAILY_DIGEST_WORKFLOW_ID,
  DAILY_DIGEST_WORKFLOW_TYPE,
  dailyDigestStatusQuery,
} from '@dondoc/workflows/digest/contract';
import { ensureDailyDigest } from '../../../apps/worker/src/daily-digest';
import { TEST_PUBLIC_URL, useTestDatabase } from '../../integration/support/database';
import { useTestbed } from '../support/testbed';
import { eventually } from '../support/eventually';
import { CatchingSmtpServer, digestSections, type CaughtMail } from './catching-smtp-server';
import { seedDigestWorld } from './digest-seed';

const DAY = 86_400_000;
const DIGEST_AT = parseDigestAt('07:30');

describe('daily digest workflow', () => {
  const testbed = useTestbed();
  const database = useTestDatabase();
  const catcher = new CatchingSmtpServer();
  let smtp: SmtpSender;
  let activities: DigestActivities;

  beforeAll(async () => {
    const port = await catcher.start();
    smtp = createSmtpSender({
      url: `smtp://127.0.0.1:${port}`,
      from: '"Đôn đốc" <dondoc@test.gov.vn>',
      requireTls: false,
      rejectUnauthorized: true,
      timeoutMs: 10_000,
    });
    activities = createDigestActivities(database.dataSource, {
      smtp,
      templates: EmailTemplates.load(),
      publicUrl: TEST_PUBLIC_URL,
      digestAtMinute: DIGEST_AT,
    });
  });

  afterAll(async () => {
    smtp.close();
    await catcher.stop();
  });

  async function calendarOfDatabase(): Promise<WorkingCalendar> {
    const rows = (await database.dataSource.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name, source FROM calendar_days`,
    )) as AnnouncedDay[];
    return WorkingCalendar.of(rows);
  }

  /** Skips to a minute past `instant` and waits until the workflow has planned a later digest. */
  async function passThrough(handle: WorkflowHandle, instant: number): Promise<void> {
    await testbed.skipTo(instant + 60_000);
    await eventually(
      async () => {
        const status = await handle.query(dailyDigestStatusQuery);
        expect(status.next?.at ?? 0).toBeGreaterThan(instant + 60_000);
      },
      { timeoutMs: 30_000 },
    );
  }

  it('sends each unit one digest a working day, listing exactly its due, overdue and escalated tasks', async () => {
    const now = await testbed.now();
    const first = nextDigestDay(now, DIGEST_AT, await calendarOfDatabase());
    // The working day after the first becomes a holiday: no digest that day.
    const holiday = nextDigestDay(first.at, DIGEST_AT, await calendarOfDatabase()).date;
    await database.dataSource.query(
      `INSERT INTO calendar_days (date, kind, name, source, updated_by) VALUES ($1, 'day_off', 'Nghỉ bù (kiểm thử)', NULL, 'test')`,
      [holiday],
    );
    const calendar = await calendarOfDatabase();
    const world = await seedDigestWorld(database.dataSource, now, first.at);

    // The eight days from the first digest's on: always a weekend among them, and the holiday.
    const days = Array.from({ length: 8 }, (_, k) => calendar.localDate(first.at + k * DAY));
    const weekend = days.filter((date) => [0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay()));
    expect(weekend.length).toBeGreaterThanOrEqual(2);
    expect(days).toContain(holiday);

    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({
      connection: testbed.env.nativeConnection,
      taskQueue,
      workflowBundle: testbed.workflowBundle,
      activities,
      shutdownGraceTime: '1s',
    });
    await worker.runUntil(async () => {
      const handle = await testbed.client.workflow.start(DAILY_DIGEST_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: `digest/test-${randomUUID()}`,
        args: [{}],
      });
      try {
        await eventually(async () => expect((await handle.query(dailyDigestStatusQuery)).next).toEqual(first));

        // The first day: the late unit and the coordinating body each get theirs, nobody else.
        await passThrough(handle, first.at);
        const firstDay = catcher.received.filter((mail) => mail.deliveryId.endsWith(`/${first.date}`));
        expect(firstDay.map((mail) => mail.to).sort()).toEqual(
          [world.lateUnitContact, world.coordinatorContact].sort(),
        );
        const late = mailTo(firstDay, world.lateUnitContact);
        expect(late.subject).toMatch(/^\[Đôn đốc\] Tổng hợp ngày .+: 1 sắp đến hạn, 2 quá hạn$/);
        expect(digestSections(late.text)).toEqual({
          dueSoon: [world.dueSoonTaskId],
          overdue: [world.escalatedTaskId, world.overdueTaskId].sort(),
          escalations: [],
        });
        // Grouped by directive: the overdue ones first (earliest deadline), the one due soon last.
        const [dueSoonNumber, overdueNumber, escalatedNumber] = world.directiveNumbers as [string, string, string];
        const groupOrder = [escalatedNumber, overdueNumber, dueSoonNumber].map((number) =>
          late.text.indexOf(`== ${number}`),
        );
        expect(groupOrder.every((position) => position >= 0)).toBe(true);
        expect([...groupOrder].sort((a, b) => a - b)).toEqual(groupOrder);
        const coordinator = mailTo(firstDay, world.coordinatorContact);
        expect(digestSections(coordinator.text)).toEqual({
          dueSoon: [],
          overdue: [],
          escalations: [world.escalatedTaskId],
        });
        expect(coordinator.text).toContain('(cấp 1)');

        // A retried attempt of the same day sends nothing again.
        const again = await activities.sendUnitDigests({ unitIds: world.unitIds, date: first.date, at: first.at });
        expect(again).toMatchObject({ sent: 0, alreadySent: 2, quietUnits: 1 });
        expect(catcher.received.filter((mail) => mail.deliveryId.endsWith(`/${first.date}`))).toHaveLength(2);

        // Day by day through the holiday and a weekend: a digest on exactly the working days.
        for (let instant = first.at + DAY; instant <= first.at + 7 * DAY; instant += DAY)
          await passThrough(handle, instant);
        const datesSentToLateUnit = catcher.received
          .filter((mail) => mail.to === world.lateUnitContact)
          .map((mail) => mail.deliveryId.split('/').at(-1));
        expect(datesSentToLateUnit).toEqual(days.filter((date) => calendar.isWorkingDay(date)));
        expect(datesSentToLateUnit).not.toContain(holiday);
        for (const date of weekend) expect(datesSentToLateUnit).not.toContain(date);
        expect(catcher.received.filter((mail) => mail.to === world.quietUnitContact)).toEqual([]);
        expect(catcher.received.filter((mail) => mail.to === world.eachModeContact)).toEqual([]);
      } finally {
        await handle.terminate('test over');
      }
    });
  });

  it('is started once however many workers start it at boot, and again once it has ended', async () => {
    const taskQueue = `test-${randomUUID()}`;
    expect(await ensureDailyDigest(testbed.client, taskQueue)).toBe(true);
    expect(await ensureDailyDigest(testbed.client, taskQueue)).toBe(false);
    const handle = testbed.client.workflow.getHandle(DAILY_DIGEST_WORKFLOW_ID);
    const { runId } = await handle.describe();
    await handle.terminate('test over');
    expect(await ensureDailyDigest(testbed.client, taskQueue)).toBe(true);
    expect((await handle.describe()).runId).not.toBe(runId);
    await handle.terminate('test over');
  });
});

function mailTo(mails: readonly CaughtMail[], address: string): CaughtMail {
  const mail = mails.find((candidate) => candidate.to === address);
  if (mail === undefined) throw new Error(`no digest reached ${address}`);
  return mail;
}
