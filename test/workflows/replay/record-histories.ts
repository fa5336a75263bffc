/**
 * Records the histories the replay spec replays: one scenario per case a running workflow can
 * be in when a new worker version picks it up. Not a test: jest collects this file only when
 * RECORD_HISTORIES names a recording (see jest.config.js), e.g.
 *
 *   RECORD_HISTORIES=2026-12-04-a9de320 npm run record:histories
 *
 * Each scenario runs the workflows as they are in the working tree and writes the histories it
 * names into test/workflows/histories/<recording>/. It never replaces a file: a recording is
 * what workflows started by that version of the code look like, and stays as long as such
 * workflows may still be running.
 *
 * Histories of workflows still running (waiting on timers) are the important ones: replaying a
 * history that ends mid-run is exactly what a worker does with every open task after a deploy.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import {
  DEFAULT_REMINDER_POLICY,
  periodDeadline,
  vietnamCalendar,
  type Recurrence,
  type ReminderPolicy,
} from '@dondoc/domain';
import type { AssignmentRef, DirectiveInput } from '@dondoc/workflows/directive/contract';
import {
  closedDirectiveWithdrawalWorkflowId,
  directiveProgressQuery,
  directiveShardWorkflowId,
  withdrawUpdate,
} from '@dondoc/workflows/directive/contract';
import type { closedDirectiveWithdrawalWorkflow } from '@dondoc/workflows/directive/closed-withdrawal.workflow';
import { reportSeriesWorkflowId } from '@dondoc/workflows/report-series/contract';
import type { reportSeriesWorkflow } from '@dondoc/workflows/report-series/report-series.workflow';
import {
  acceptUpdate,
  acknowledgeUpdate,
  assignUpdate,
  claimUpdate,
  decideExtensionUpdate,
  handBackUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  resolveEscalationUpdate,
  returnUpdate,
  submitUpdate,
  taskStateQuery,
  unitTaskWorkflowId,
} from '@dondoc/workflows/unit-task/contract';
import type { UnitTaskInput } from '@dondoc/workflows/unit-task/contract';
import type { unitTaskWorkflow } from '@dondoc/workflows/unit-task/unit-task.workflow';
import { aDirective, aUnitTask, reportSeriesInputOf, type UnitTaskBuilder } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { useTestbed, type WorkflowTestbed } from '../support/testbed';
import { iso, ms, nextWholeMinute } from '../support/time';

const RECORDING = process.env.RECORD_HISTORIES ?? '';
if (!/^[a-z0-9][a-z0-9.-]*$/.test(RECORDING)) {
  throw new Error(
    `RECORD_HISTORIES must name the recording (lower case, digits, dots and dashes), e.g. 2026-12-04-a9de320; got "${RECORDING}"`,
  );
}
/** Where the replay spec reads them from. */
const HISTORIES_DIR = path.resolve(__dirname, '../histories', RECORDING);
mkdirSync(HISTORIES_DIR, { recursive: true });

const OFFICER = 'chuyen-vien-so-tai-chinh';
const REVIEWER = 'lanh-dao-van-phong';
const CHAIR = 'chu-tich-ubnd-tinh';
const PROVINCE_BOARD = 'bac-kan/tinh-uy/bcd35';
/** Long enough that a withdrawal always answers with every cancellation recorded. */
const WAIT_MS = 10 * 60_000;

/**
 * Writes a workflow's history, as far as it has got, under `<name>.json`: Temporal's JSON form of
 * a history (what `temporal workflow show --output json` writes), plus the workflow id, which a
 * history does not hold and workflows read (`workflowInfo().workflowId`).
 */
async function record(name: string, handle: WorkflowHandle): Promise<void> {
  const history = JSON.parse(historyToJSON(await handle.fetchHistory())) as { events: unknown[] };
  // 'wx': fails if the file exists; a history already recorded is never rewritten.
  writeFileSync(
    path.join(HISTORIES_DIR, `${name}.json`),
    `${JSON.stringify({ workflowId: handle.workflowId, ...history }, null, 2)}\n`,
    { flag: 'wx' },
  );
}

/** Waits for the workflow to reach a status, polling (awaiting a result would let the server skip time). */
async function untilStatus(handle: WorkflowHandle, status: string): Promise<void> {
  await eventually(async () => expect((await handle.describe()).status.name).toBe(status), { timeoutMs: 60_000 });
}

const taskOf = (client: Client, directiveId: string, unitId: string, period: number | null = null) =>
  client.workflow.getHandle<typeof unitTaskWorkflow>(unitTaskWorkflowId(directiveId, unitId, period));

const sortedByUnit = (assignments: AssignmentRef[]) =>
  [...assignments].sort((a, b) => a.unitId.localeCompare(b.unitId));

/** Waits until the directive has started every one of its tasks. */
async function untilLaunched(directive: WorkflowHandle, total: number): Promise<void> {
  await eventually(async () =>
    expect(await directive.query(directiveProgressQuery)).toMatchObject({ launched: total, total }),
  );
}

/** A running directive of fresh tasks, every one launched, with what a scenario acts on. */
interface LaunchedDirective {
  fake: FakeDondocActivities;
  client: Client;
  directive: WorkflowHandle;
  input: DirectiveInput;
  /** Its assignments in unit order, the order its shards take them in. */
  byUnit: AssignmentRef[];
  /** The handle of the task of one of its units. */
  taskOf: (unitId: string) => WorkflowHandle<typeof unitTaskWorkflow>;
}

/**
 * Builds a directive of `tasks` tasks due in 10 days, in shards of `shardSize`, seeds a fresh fake
 * with it, starts it on a worker, waits until every task is launched, and then runs `scenario`.
 */
async function withLaunchedDirective(
  testbed: WorkflowTestbed,
  tasks: number,
  shardSize: number,
  scenario: (launched: LaunchedDirective) => Promise<void>,
): Promise<void> {
  const fake = new FakeDondocActivities();
  const { input, assignments } = aDirective()
    .from(await testbed.now())
    .dueIn('10 days')
    .withTasks(tasks)
    .shardSize(shardSize)
    .build();
  fake.seedDirective(input.directiveId, assignments);
  await testbed.withWorker(fake, async ({ client, startDirective }) => {
    const directive = await startDirective(input);
    await untilLaunched(directive, tasks);
    await scenario({
      fake,
      client,
      directive,
      input,
      byUnit: sortedByUnit(assignments),
      taskOf: (unitId) => taskOf(client, input.directiveId, unitId),
    });
  });
}

/**
 * Starts a unit task from the next whole minute of the server's clock (`task` finishes its
 * builder), seeded in a fresh fake (`fake` may configure it first), and then runs `scenario`.
 */
async function withStartedTask(
  testbed: WorkflowTestbed,
  task: (builder: UnitTaskBuilder) => UnitTaskBuilder,
  scenario: (started: {
    fake: FakeDondocActivities;
    input: UnitTaskInput;
    handle: WorkflowHandle<typeof unitTaskWorkflow>;
  }) => Promise<void>,
  fake = new FakeDondocActivities(),
): Promise<void> {
  await testbed.withWorker(fake, async ({ startSeededTask }) => {
    const input = task(aUnitTask().from(nextWholeMinute(await testbed.now()))).build();
    const handle = await startSeededTask(input);
    await scenario({ fake, input, handle });
  });
}

describe('recording workflow histories (time-skipping server)', () => {
  const testbed = useTestbed();

  it('directive: fan-out through two shards to four tasks, each submitted, the directive completed', async () => {
    await withLaunchedDirective(testbed, 4, 2, async ({ client, directive, input, byUnit, taskOf }) => {
      const [first, ...rest] = byUnit;
      const task = taskOf(first!.unitId);
      await task.executeUpdate(acknowledgeUpdate, { args: [{ actor: OFFICER }] });
      await task.executeUpdate(reportProgressUpdate, {
        args: [{ actor: OFFICER, percent: 60, note: 'Đã tổng hợp số liệu' }],
      });
      await task.executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report: 'Báo cáo kết quả' }] });
      for (const a of rest)
        await taskOf(a.unitId).executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report: 'Xong' }] });
      await untilStatus(directive, 'COMPLETED');
      await record('directive.completed', directive);
      await record('shard.completed', client.workflow.getHandle(directiveShardWorkflowId(input.directiveId, 0)));
      await record('unit-task.progress-submitted', task);
    });
  });

  it('directive and shard still running: tasks launched, one acknowledged, waiting on their ends', async () => {
    await withLaunchedDirective(testbed, 3, 2, async ({ fake, client, directive, input, byUnit, taskOf }) => {
      const [first, second] = byUnit;
      await taskOf(first!.unitId).executeUpdate(acknowledgeUpdate, { args: [{ actor: OFFICER }] });
      await taskOf(second!.unitId).executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report: 'Xong' }] });
      const shard = client.workflow.getHandle(directiveShardWorkflowId(input.directiveId, 0));
      await eventually(async () => expect(fake.task(second!.taskId)?.status).toBe('completed'));
      await testbed.untilIdle(shard);
      await testbed.untilIdle(directive);
      await record('directive.running', directive);
      await record('shard.running', shard);
    });
  });

  it('shards starting a report series: one with a unit task and the series on one page, one with the series alone, both running', async () => {
    const fake = new FakeDondocActivities();
    const now = await testbed.now();
    const due = iso(now + ms('10 days'));
    const seriesOf = (): AssignmentRef => ({
      taskId: randomUUID(),
      unitId: 'unit-series',
      role: 'lead',
      dueAt: due,
      originalDueAt: due,
      recurrence: { every: 'P1M', until: '2099-12-31' },
    });
    const mixed = aDirective().from(now).dueIn('10 days').withTasks(1).shardSize(2).build();
    const mixedSeries = seriesOf();
    fake.seedDirective(mixed.input.directiveId, [...mixed.assignments, mixedSeries]);
    const alone = aDirective().from(now).dueIn('10 days').withTasks(1).shardSize(1).build();
    const aloneSeries = seriesOf();
    fake.seedDirective(alone.input.directiveId, [...alone.assignments, aloneSeries]);
    await testbed.withWorker(fake, async ({ client, startDirective }) => {
      const directives = [
        await startDirective({ ...mixed.input, taskCount: 2 }),
        await startDirective({ ...alone.input, taskCount: 2 }),
      ];
      for (const directive of directives) await untilLaunched(directive, 2);
      await eventually(() =>
        expect([fake.task(mixedSeries.taskId)?.activatedAt, fake.task(aloneSeries.taskId)?.activatedAt]).toEqual([
          expect.any(String),
          expect.any(String),
        ]),
      );
      const mixedShard = client.workflow.getHandle(directiveShardWorkflowId(mixed.input.directiveId, 0));
      // unit-00000 sorts before unit-series: the second shard holds the series alone.
      const aloneShard = client.workflow.getHandle(directiveShardWorkflowId(alone.input.directiveId, 1));
      await testbed.untilIdle(mixedShard);
      await testbed.untilIdle(aloneShard);
      await record('shard.task-and-report-series.running', mixedShard);
      await record('shard.report-series-alone.running', aloneShard);
    });
  });

  it('directive withdrawn: open tasks cancelled, a completed one kept', async () => {
    await withLaunchedDirective(testbed, 3, 2, async ({ client, directive, input, byUnit, taskOf }) => {
      const [done, acknowledged] = byUnit;
      await taskOf(done!.unitId).executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report: 'Xong' }] });
      const cancelled = taskOf(acknowledged!.unitId);
      await cancelled.executeUpdate(acknowledgeUpdate, { args: [{ actor: OFFICER }] });
      const answer = await directive.executeUpdate(withdrawUpdate, {
        args: [{ actor: CHAIR, reason: 'Văn bản được thay thế', waitMs: WAIT_MS }],
      });
      expect(answer.complete).toBe(true);
      await untilStatus(directive, 'COMPLETED');
      await untilStatus(cancelled, 'COMPLETED');
      await record('directive.withdrawn', directive);
      await record('shard.withdrawn', client.workflow.getHandle(directiveShardWorkflowId(input.directiveId, 0)));
      await record('unit-task.cancelled-by-withdrawal', cancelled);
    });
  });

  it('unit task still open: acknowledged, first reminder sent, waiting on its next timers', async () => {
    await withStartedTask(
      testbed,
      (task) => task.dueIn('5 days'),
      async ({ fake, input, handle }) => {
        await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: OFFICER }] });
        await testbed.skipTo(Date.parse(input.dueAt) - ms('3 days') + ms('1 minute'));
        await eventually(() => expect(fake.notificationsOf(input.taskId).map((n) => n.kind)).toEqual(['reminder']));
        await testbed.untilIdle(handle);
        await record('unit-task.open-awaiting-timers', handle);
      },
    );
  });

  it('unit task still open: claimed, reassigned by the head, handed back, claimed again, a reminder naming the assignee, waiting on its next timers', async () => {
    await withStartedTask(
      testbed,
      (task) => task.dueIn('5 days'),
      async ({ fake, input, handle }) => {
        await handle.executeUpdate(claimUpdate, { args: [{ actor: OFFICER }] });
        await handle.executeUpdate(assignUpdate, { args: [{ actor: CHAIR, assignee: 'chuyen-vien-2' }] });
        await handle.executeUpdate(handBackUpdate, { args: [{ actor: 'chuyen-vien-2' }] });
        await handle.executeUpdate(claimUpdate, { args: [{ actor: OFFICER }] });
        await testbed.skipTo(Date.parse(input.dueAt) - ms('3 days') + ms('1 minute'));
        await eventually(() =>
          expect(fake.changesOf(input.taskId).find((c) => c.action === 'remind')?.data).toMatchObject({
            assignee: OFFICER,
          }),
        );
        await testbed.untilIdle(handle);
        await record('unit-task.assignment-running', handle);
      },
    );
  });

  it('unit task still open: reminders, overdue notices, escalation opened and climbed one level, waiting on the next', async () => {
    const fake = new FakeDondocActivities();
    fake.useEscalationChain('P1D', [{ unitId: PROVINCE_BOARD, grace: 'P3D' }]);
    await withStartedTask(
      testbed,
      (task) => task.dueIn('3 days').withPolicy({ escalateAfter: 'P2D' }),
      async ({ input, handle }) => {
        const opened = Date.parse(input.dueAt) + ms('2 days');
        await testbed.skipTo(opened + ms('1 day') + ms('1 second'));
        await eventually(() => expect(fake.changesOf(input.taskId).map((c) => c.action)).toContain('escalate_up'));
        await testbed.untilIdle(handle);
        expect((await handle.describe()).status.name).toBe('RUNNING');
        await record('unit-task.open-escalation-climbed', handle);
      },
      fake,
    );
  });

  it('unit task: extension requested and approved, progress, submitted, returned, resubmitted, accepted', async () => {
    await withStartedTask(
      testbed,
      (task) => task.dueIn('5 days').with({ reviewRequired: true }),
      async ({ fake, input, handle }) => {
        await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: OFFICER }] });
        // The first reminder fires before the request, so the new deadline re-plans a running schedule.
        await testbed.skipTo(Date.parse(input.dueAt) - ms('3 days') + ms('1 minute'));
        await eventually(() => expect(fake.notificationsOf(input.taskId)).toHaveLength(1));
        await testbed.untilIdle(handle);
        const requestId = randomUUID();
        const requestedDueAt = iso(Date.parse(input.dueAt) + ms('7 days'));
        await handle.executeUpdate(requestExtensionUpdate, {
          args: [{ actor: OFFICER, requestId, requestedDueAt, reason: 'Chờ số liệu quý' }],
        });
        await handle.executeUpdate(decideExtensionUpdate, {
          args: [{ actor: REVIEWER, requestId, approve: true, reason: null }],
        });
        await handle.executeUpdate(reportProgressUpdate, { args: [{ actor: OFFICER, percent: 50, note: null }] });
        await handle.executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report: 'Lần 1' }] });
        await handle.executeUpdate(returnUpdate, { args: [{ actor: REVIEWER, reason: 'Thiếu phụ lục' }] });
        await handle.executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report: 'Lần 2' }] });
        await handle.executeUpdate(acceptUpdate, { args: [{ actor: REVIEWER }] });
        await untilStatus(handle, 'COMPLETED');
        await record('unit-task.extension-review-accepted', handle);
      },
    );
  });

  it('unit task: escalated, then the escalation resolved by a new deadline, then submitted', async () => {
    await withStartedTask(
      testbed,
      (task) => task.dueIn('2 days'),
      async ({ input, handle }) => {
        await testbed.skipTo(Date.parse(input.dueAt) + ms('1 day') + ms('1 second'));
        const escalationId = await eventually(async () => {
          const id = (await handle.query(taskStateQuery)).openEscalationId;
          expect(id).not.toBeNull();
          return id!;
        });
        await testbed.untilIdle(handle);
        const dueAt = iso(nextWholeMinute(await testbed.now()) + ms('4 days'));
        await handle.executeUpdate(resolveEscalationUpdate, {
          args: [{ actor: REVIEWER, escalationId, action: 'extend', dueAt, note: 'Gia hạn lần cuối' }],
        });
        await handle.executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report: 'Xong' }] });
        await untilStatus(handle, 'COMPLETED');
        await record('unit-task.escalation-extended-submitted', handle);
      },
    );
  });

  it('report series: three weekly periods over two runs (continue-as-new after two), each period submitted', async () => {
    const fake = new FakeDondocActivities();
    const first = nextWholeMinute(await testbed.now()) + ms('10 days');
    const open: Recurrence = { every: 'P1W', until: '9999-12-31' };
    const recurrence: Recurrence = {
      every: 'P1W',
      until: vietnamCalendar().localDate(periodDeadline(first, open, 2)!),
    };
    const policy: ReminderPolicy = { ...DEFAULT_REMINDER_POLICY, before: [...DEFAULT_REMINDER_POLICY.before] };
    const { input } = aDirective().withTasks(1).with({ reminderPolicy: policy }).build();
    const unitId = 'so-tai-chinh';
    const assignment: AssignmentRef = {
      taskId: randomUUID(),
      unitId,
      role: 'lead',
      dueAt: iso(first),
      originalDueAt: iso(first),
      recurrence,
    };
    fake.seedDirective(input.directiveId, [assignment]);
    await testbed.withWorker(fake, async ({ client, taskQueue, track }) => {
      const series = await client.workflow.start<typeof reportSeriesWorkflow>('reportSeriesWorkflow', {
        taskQueue,
        workflowId: reportSeriesWorkflowId(input.directiveId, unitId),
        args: [reportSeriesInputOf(input, assignment, recurrence, 2)],
      });
      track(series);
      for (let n = 0; n <= 2; n += 1) {
        const period = taskOf(client, input.directiveId, unitId, n);
        await untilStatus(period, 'RUNNING');
        await period.executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report: `Báo cáo kỳ ${n}` }] });
        if (n < 2) await testbed.skipTo(periodDeadline(first, recurrence, n)! + ms('1 minute'));
      }
      await untilStatus(series, 'COMPLETED');
      const firstRun = client.workflow.getHandle(series.workflowId, series.firstExecutionRunId);
      expect((await firstRun.describe()).status.name).toBe('CONTINUED_AS_NEW');
      await record('report-series.first-run-continued-as-new', firstRun);
      await record('report-series.last-run-completed', series);
      await record('unit-task.report-period-submitted', taskOf(client, input.directiveId, unitId, 1));
    });
  });

  it('closed directive withdrawn, with no implementing directive', async () => {
    const fake = new FakeDondocActivities();
    const { input } = aDirective().withTasks(1).build();
    fake.seedDirective(input.directiveId, []);
    await testbed.withWorker(fake, async ({ client, taskQueue, track }) => {
      const handle = await client.workflow.start<typeof closedDirectiveWithdrawalWorkflow>(
        'closedDirectiveWithdrawalWorkflow',
        {
          taskQueue,
          workflowId: closedDirectiveWithdrawalWorkflowId(input.directiveId),
          args: [
            { directiveId: input.directiveId, actor: CHAIR, reason: 'Hết hiệu lực', at: iso(await testbed.now()) },
          ],
        },
      );
      track(handle);
      await untilStatus(handle, 'COMPLETED');
      await record('closed-withdrawal.no-children', handle);
    });
  });

  it('unit task started past its first reminder instant: the reminder sent late, a progress note the database refuses, a valid one, a write that ran out of retries, still open', async () => {
    await withStartedTask(
      testbed,
      (task) => task.dueIn('2 days'),
      async ({ fake, input, handle }) => {
        await eventually(() => expect(fake.changesOf(input.taskId).map((c) => c.data.late)).toEqual([true]));
        await testbed.untilIdle(handle);
        await expect(
          handle.executeUpdate(reportProgressUpdate, { args: [{ actor: OFFICER, percent: 10, note: 'Sai\u0000' }] }),
        ).rejects.toThrow();
        await handle.executeUpdate(reportProgressUpdate, { args: [{ actor: OFFICER, percent: 10, note: 'Đang làm' }] });
        fake.failTaskChanges(8);
        const unrecorded = expect(
          handle.executeUpdate(reportProgressUpdate, { args: [{ actor: OFFICER, percent: 20, note: 'Đang làm' }] }),
        ).rejects.toThrow();
        await testbed.skip('5 minutes');
        await unrecorded;
        await testbed.untilIdle(handle);
        expect((await handle.describe()).status.name).toBe('RUNNING');
        await record('unit-task.caught-up-poisoned-unrecorded', handle);
      },
    );
  });
});

/** The cascade's activity sends Updates to other workflows: on the dev server (see the testbed). */
describe('recording workflow histories (dev server)', () => {
  const testbed = useTestbed('dev');

  it('closed directive withdrawn, cascading to a running directive that implements it', async () => {
    const fake = new FakeDondocActivities();
    const parent = aDirective().withTasks(1).build();
    const child = aDirective()
      .from(await testbed.now())
      .dueIn('10 days')
      .withTasks(2)
      .build();
    fake.seedDirective(parent.input.directiveId, [], { number: '12/UBND' });
    fake.seedDirective(child.input.directiveId, child.assignments, {
      number: '34/STC',
      parentDirectiveId: parent.input.directiveId,
    });
    await testbed.withWorker(fake, async ({ client, taskQueue, track, startDirective }) => {
      const childDirective = await startDirective(child.input);
      await untilLaunched(childDirective, 2);
      const handle = await client.workflow.start<typeof closedDirectiveWithdrawalWorkflow>(
        'closedDirectiveWithdrawalWorkflow',
        {
          taskQueue,
          workflowId: closedDirectiveWithdrawalWorkflowId(parent.input.directiveId),
          args: [
            {
              directiveId: parent.input.directiveId,
              actor: CHAIR,
              reason: 'Hết hiệu lực',
              at: new Date().toISOString(),
            },
          ],
        },
      );
      track(handle);
      await untilStatus(handle, 'COMPLETED');
      await untilStatus(childDirective, 'COMPLETED');
      expect(fake.tasksOf(child.input.directiveId).map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
      await record('closed-withdrawal.cascading', handle);
      await record('directive.withdrawn-by-cascade', childDirective);
    });
  });
});
