/**
 * Periodic reports (định kỳ báo cáo): a recurring assignment opens one task per period, each
 * with its own deadline, reminders and escalation; the series continues as new so its history
 * stays bounded, and a withdrawal cancels every open period and opens no more.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import {
  DEFAULT_REMINDER_POLICY,
  periodDeadline,
  vietnamCalendar,
  type Recurrence,
  type ReminderPolicy,
} from '@dondoc/domain';
import type { AssignmentRef } from '@dondoc/workflows/directive/contract';
import { directiveProgressQuery, withdrawUpdate } from '@dondoc/workflows/directive/contract';
import { reportSeriesStateQuery, reportSeriesWorkflowId } from '@dondoc/workflows/report-series/contract';
import type { reportSeriesWorkflow } from '@dondoc/workflows/report-series/report-series.workflow';
import { resolveEscalationUpdate, submitUpdate, unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import type { unitTaskWorkflow } from '@dondoc/workflows/unit-task/unit-task.workflow';
import { COORDINATING_UNIT, aDirective, reportSeriesInputOf } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities, type FakeTask } from '../support/fake-activities';
import { useTestbed } from '../support/testbed';
import { iso, ms, nextWholeMinute } from '../support/time';

const testbed = useTestbed();

const UNIT = 'so-tai-chinh';
const CHAIR = 'chu-tich-ubnd-tinh';
/** Long enough that a withdrawal always answers with every cancellation recorded. */
const WAIT_MS = 10 * 60_000;

/** A recurrence whose last period is period `last`, counted from `first`. */
function recurrenceEnding(first: number, every: string, last: number): Recurrence {
  const open: Recurrence = { every, until: '9999-12-31' };
  return { every, until: vietnamCalendar().localDate(periodDeadline(first, open, last)!) };
}

/**
 * The default policy (reminders 3 days and 1 day ahead and at the deadline, escalation a day
 * late), with overdue notices weekly rather than daily: a report left open for months would
 * otherwise cost a couple of hundred round trips on a busy machine, and prove nothing more.
 */
const POLICY: ReminderPolicy = {
  ...DEFAULT_REMINDER_POLICY,
  before: [...DEFAULT_REMINDER_POLICY.before],
  overdueEvery: 'P7D',
};

/** One recurring assignment for UNIT, period 0 due at `first`, and the directive to start with it. */
function recurringDirective(fake: FakeDondocActivities, first: number, recurrence: Recurrence) {
  const { input } = aDirective().withTasks(1).with({ reminderPolicy: POLICY }).build();
  const assignment: AssignmentRef = {
    taskId: randomUUID(),
    unitId: UNIT,
    role: 'lead',
    dueAt: iso(first),
    originalDueAt: iso(first),
    recurrence,
  };
  fake.seedDirective(input.directiveId, [assignment]);
  return { input, assignment };
}

/** Waits until period `n`'s task exists and its workflow has started. */
function periodTask(fake: FakeDondocActivities, directiveId: string, n: number): Promise<FakeTask> {
  return eventually(() => {
    const task = fake.tasksOf(directiveId).find((t) => t.unitId === UNIT && t.period === n);
    expect(task?.activatedAt).toEqual(expect.any(String));
    return task!;
  });
}

const periodHandle = (client: Client, directiveId: string, n: number) =>
  client.workflow.getHandle<typeof unitTaskWorkflow>(unitTaskWorkflowId(directiveId, UNIT, n));

const submit = (client: Client, directiveId: string, n: number) =>
  periodHandle(client, directiveId, n).executeUpdate(submitUpdate, {
    args: [{ actor: 'chuyen-vien', report: `Báo cáo kỳ ${n}` }],
  });

const reminders = (fake: FakeDondocActivities, taskId: string) =>
  fake.notificationsOf(taskId).filter((n) => n.kind === 'reminder');
const escalationsOf = (fake: FakeDondocActivities, taskId: string) =>
  fake.changesOf(taskId).filter((c) => c.escalation?.op === 'open');

describe('periodic reports', () => {
  it('runs a year of monthly reports: 12 tasks with their own deadlines and reminders, the one left unsubmitted escalated once', async () => {
    const fake = new FakeDondocActivities();
    const first = nextWholeMinute(await testbed.now()) + ms('20 days');
    const recurrence = recurrenceEnding(first, 'P1M', 11);
    const { input } = recurringDirective(fake, first, recurrence);
    const deadlines = Array.from({ length: 12 }, (_, n) => periodDeadline(first, recurrence, n)!);
    const LATE = 4;

    await testbed.withWorker(fake, async ({ client, startDirective }) => {
      const directive = await startDirective(input);

      for (let n = 0; n < 12; n += 1) {
        const task = await periodTask(fake, input.directiveId, n);
        expect(task).toMatchObject({
          dueAt: iso(deadlines[n]!),
          originalDueAt: iso(deadlines[n]!),
          status: 'assigned',
          recurrence,
        });
        // Period n opened when period n − 1 fell due, never earlier.
        if (n > 0) expect(await testbed.now()).toBeGreaterThanOrEqual(deadlines[n - 1]!);
        await testbed.skipTo(deadlines[n]! - ms('1 day') + ms('1 minute'));
        await eventually(() =>
          expect(reminders(fake, task.taskId).map((r) => r.message)).toEqual([
            expect.stringMatching(/^Reminder \(P3D before\)/),
            expect.stringMatching(/^Reminder \(P1D before\)/),
          ]),
        );
        if (n !== LATE) await submit(client, input.directiveId, n);
        await testbed.skipTo(deadlines[n]! + ms('1 minute'));
      }

      // Nothing opens after the last period, however long the wait.
      await testbed.skipTo(deadlines[11]! + ms('60 days'));
      const tasks = fake.tasksOf(input.directiveId).sort((a, b) => a.period! - b.period!);
      expect(tasks.map((t) => t.period)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(tasks.map((t) => t.dueAt)).toEqual(deadlines.map(iso));
      expect(new Set(tasks.map((t) => t.taskId)).size).toBe(12);

      const late = tasks[LATE]!;
      expect(late.status).toBe('assigned');
      expect(escalationsOf(fake, late.taskId)).toHaveLength(1);
      const lateNotices = fake.notificationsOf(late.taskId);
      expect(lateNotices.filter((n) => n.kind === 'reminder')).toHaveLength(3);
      expect(lateNotices.filter((n) => n.kind === 'overdue').length).toBeGreaterThan(0);
      expect(lateNotices.filter((n) => n.kind === 'escalation').map((n) => n.recipientUnitId)).toEqual([
        COORDINATING_UNIT,
      ]);
      for (const t of tasks) if (t.taskId !== late.taskId) expect(escalationsOf(fake, t.taskId)).toHaveLength(0);
      expect(tasks.filter((t) => t.taskId !== late.taskId).every((t) => t.status === 'completed')).toBe(true);

      // The late report finally comes in; the series, then the directive, end.
      await submit(client, input.directiveId, LATE);
      expect(await directive.result()).toEqual({
        total: 12,
        launched: 12,
        closed: { completed: 12 },
        withdrawn: false,
      });
      expect(fake.callsOf('openReportPeriod').map((c) => c.input.period)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    });
  });

  it('on withdrawal cancels every open period, also those an earlier run opened, and opens no more', async () => {
    const fake = new FakeDondocActivities();
    const first = nextWholeMinute(await testbed.now()) + ms('10 days');
    // Sixteen weekly periods: the series continues as new after its twelfth.
    const recurrence = recurrenceEnding(first, 'P1W', 15);
    const { input } = recurringDirective(fake, first, recurrence);
    const deadline = (n: number) => periodDeadline(first, recurrence, n)!;
    const BEHIND = 2;

    await testbed.withWorker(fake, async ({ client, startDirective }) => {
      const directive = await startDirective(input);
      for (let n = 0; n <= 12; n += 1) {
        await periodTask(fake, input.directiveId, n);
        if (n !== BEHIND) await submit(client, input.directiveId, n);
        await testbed.skipTo(deadline(n) + ms('1 minute'));
      }
      const open = await periodTask(fake, input.directiveId, 13);
      const series = client.workflow.getHandle<typeof reportSeriesWorkflow>(
        reportSeriesWorkflowId(input.directiveId, UNIT),
      );
      expect(await series.query(reportSeriesStateQuery)).toMatchObject({ run: 2, nextPeriod: 14 });

      const answer = await directive.executeUpdate(withdrawUpdate, {
        args: [{ actor: CHAIR, reason: 'Thay bằng công văn khác', waitMs: WAIT_MS }],
      });
      expect(answer.complete).toBe(true);
      const behind = fake.tasksOf(input.directiveId).find((t) => t.period === BEHIND)!;
      for (const t of [behind, open]) {
        expect(fake.task(t.taskId)?.status).toBe('cancelled');
        expect(fake.changesOf(t.taskId).at(-1)).toMatchObject({
          action: 'cancel',
          actor: CHAIR,
          toStatus: 'cancelled',
        });
      }

      await testbed.skipTo(deadline(15) + ms('30 days'));
      const tasks = fake.tasksOf(input.directiveId);
      expect(tasks.map((t) => t.period).sort((a, b) => a! - b!)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
      ]);
      expect(tasks.filter((t) => t.status === 'completed')).toHaveLength(12);
      expect(await directive.result()).toEqual({
        total: 14,
        launched: 14,
        closed: { completed: 12, cancelled: 2 },
        withdrawn: true,
      });
      expect((await series.describe()).status.name).toBe('COMPLETED');
      expect(await directive.query(directiveProgressQuery)).toMatchObject({ withdrawn: true });
    });
  });

  it('continues as new every few periods, and hears from periods an earlier run opened', async () => {
    const fake = new FakeDondocActivities();
    const first = nextWholeMinute(await testbed.now()) + ms('10 days');
    const recurrence = recurrenceEnding(first, 'P1W', 4);
    const { input, assignment } = recurringDirective(fake, first, recurrence);
    const deadline = (n: number) => periodDeadline(first, recurrence, n)!;

    await testbed.withWorker(fake, async ({ client, taskQueue, track }) => {
      const series = await client.workflow.start<typeof reportSeriesWorkflow>('reportSeriesWorkflow', {
        taskQueue,
        workflowId: reportSeriesWorkflowId(input.directiveId, UNIT),
        args: [reportSeriesInputOf(input, assignment, recurrence, 2)],
      });
      track(series);
      for (let n = 0; n <= 4; n += 1) {
        await periodTask(fake, input.directiveId, n);
        // Period 1 stays open until two runs later.
        if (n !== 1) await submit(client, input.directiveId, n);
        if (n === 3) await submit(client, input.directiveId, 1);
        if (n < 4) await testbed.skipTo(deadline(n) + ms('1 minute'));
      }
      expect(await series.result()).toEqual({ opened: 5, closed: { completed: 5 } });
      expect(await series.query(reportSeriesStateQuery)).toMatchObject({ run: 3, open: [], nextPeriod: 5 });
      const firstRun = client.workflow.getHandle(series.workflowId, series.firstExecutionRunId);
      expect((await firstRun.describe()).status.name).toBe('CONTINUED_AS_NEW');
      // Each run's history holds its own periods only, whatever the series' age.
      const firstRunEvents = (await firstRun.fetchHistory()).events?.length ?? 0;
      const lastRunEvents = (await series.fetchHistory()).events?.length ?? 0;
      expect(lastRunEvents).toBeLessThanOrEqual(firstRunEvents + 10);
    });
  });
  it('starts the task replacing a reassigned period under the same period, and waits for it', async () => {
    const fake = new FakeDondocActivities();
    const first = nextWholeMinute(await testbed.now()) + ms('10 days');
    const recurrence = recurrenceEnding(first, 'P1W', 1);
    const { input, assignment } = recurringDirective(fake, first, recurrence);
    const OTHER_UNIT = 'so-ke-hoach-dau-tu';

    await testbed.withWorker(fake, async ({ client, taskQueue, track }) => {
      const series = await client.workflow.start<typeof reportSeriesWorkflow>('reportSeriesWorkflow', {
        taskQueue,
        workflowId: reportSeriesWorkflowId(input.directiveId, UNIT),
        args: [reportSeriesInputOf(input, assignment, recurrence)],
      });
      track(series);
      await periodTask(fake, input.directiveId, 0);
      await testbed.skipTo(first + ms('1 day') + ms('1 minute'));
      const escalationId = await eventually(() => {
        const opened = escalationsOf(fake, assignment.taskId);
        expect(opened).toHaveLength(1);
        return opened[0]!.escalation!.op === 'open' ? opened[0]!.escalation!.escalationId : '';
      });
      const successorTaskId = randomUUID();
      await periodHandle(client, input.directiveId, 0).executeUpdate(resolveEscalationUpdate, {
        args: [
          {
            actor: 'pho-chanh-van-phong',
            escalationId,
            action: 'reassign',
            toUnitId: OTHER_UNIT,
            successorTaskId,
            dueAt: iso((await testbed.now()) + ms('3 days')),
            note: null,
          },
        ],
      });

      const successor = client.workflow.getHandle<typeof unitTaskWorkflow>(
        unitTaskWorkflowId(input.directiveId, OTHER_UNIT, 0),
      );
      await eventually(async () => expect((await successor.describe()).status.name).toBe('RUNNING'));
      expect(fake.task(successorTaskId)).toMatchObject({
        unitId: OTHER_UNIT,
        period: 0,
        reassignedFromTaskId: assignment.taskId,
      });
      await successor.executeUpdate(submitUpdate, { args: [{ actor: 'chuyen-vien', report: 'Báo cáo thay' }] });
      await periodTask(fake, input.directiveId, 1);
      await submit(client, input.directiveId, 1);
      expect(await series.result()).toEqual({ opened: 3, closed: { reassigned: 1, completed: 2 } });
    });
  });
});
