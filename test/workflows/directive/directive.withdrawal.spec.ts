/**
 * Withdrawing a directive (thu hồi văn bản): every task still open ends as cancelled, in the
 * name of whoever withdrew it; tasks already finished keep their outcome.
 */
import { directiveProgressQuery, withdrawUpdate } from '@dondoc/workflows/directive/contract';
import { acknowledgeUpdate, submitUpdate, unitTaskWorkflowId } from '@dondoc/workflows/unit-task/contract';
import type { unitTaskWorkflow } from '@dondoc/workflows/unit-task/unit-task.workflow';
import { aDirective } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { useTestbed } from '../support/testbed';

/** Long enough that the Update always answers with every cancellation recorded. */
const WAIT_MS = 10 * 60_000;

const testbed = useTestbed();

const CHAIR = 'chu-tich-ubnd-tinh';
const REASON = 'Văn bản được thay thế bởi công văn số 125';

describe('directive withdrawal', () => {
  it('cancels every open task in the withdrawing actor’s name, leaves completed tasks alone, answers with the final counts and ends', async () => {
    const fake = new FakeDondocActivities();
    const { input, assignments } = aDirective()
      .from(await testbed.now())
      .dueIn('10 days')
      .withTasks(5)
      .build();
    fake.seedDirective(input.directiveId, assignments);
    const [done1, done2, acknowledged, ...untouched] = [...assignments].sort((a, b) =>
      a.unitId.localeCompare(b.unitId),
    );

    await testbed.withWorker(fake, async ({ client, startDirective }) => {
      const directive = await startDirective(input);
      await eventually(async () =>
        expect(await directive.query(directiveProgressQuery)).toMatchObject({ launched: 5, total: 5 }),
      );
      const task = (unitId: string) =>
        client.workflow.getHandle<typeof unitTaskWorkflow>(unitTaskWorkflowId(input.directiveId, unitId));

      for (const a of [done1!, done2!])
        await task(a.unitId).executeUpdate(submitUpdate, {
          args: [{ actor: `chuyen-vien-${a.unitId}`, report: 'Xong' }],
        });
      await task(acknowledged!.unitId).executeUpdate(acknowledgeUpdate, { args: [{ actor: 'van-thu' }] });
      // Polling describe (not awaiting a result) keeps the test server from skipping time.
      for (const a of [done1!, done2!])
        await eventually(async () => expect((await task(a.unitId).describe()).status.name).toBe('COMPLETED'));

      const answer = await directive.executeUpdate(withdrawUpdate, {
        args: [{ actor: CHAIR, reason: REASON, waitMs: WAIT_MS }],
      });
      expect(answer).toEqual({
        progress: { total: 5, launched: 5, closed: { completed: 2, cancelled: 3 }, withdrawn: true },
        complete: true,
      });

      // Answered only after every open task recorded its cancellation, naming the withdrawing actor.
      for (const a of [acknowledged!, ...untouched]) {
        const last = fake.changesOf(a.taskId).at(-1);
        expect(last).toMatchObject({ action: 'cancel', actor: CHAIR, toStatus: 'cancelled', data: { reason: REASON } });
        expect(fake.task(a.taskId)?.status).toBe('cancelled');
      }
      expect(fake.changesOf(acknowledged!.taskId).map((c) => [c.action, c.fromStatus])).toEqual([
        ['acknowledge', 'assigned'],
        ['cancel', 'acknowledged'],
      ]);
      for (const a of [done1!, done2!]) {
        expect(fake.changesOf(a.taskId).map((c) => c.action)).toEqual(['submit']);
        expect(fake.task(a.taskId)?.status).toBe('completed');
      }
      expect(fake.callsOf('markDirectiveWithdrawn').map((c) => c.input)).toEqual([
        { directiveId: input.directiveId, actor: CHAIR, reason: REASON, at: expect.any(String) },
      ]);
      expect(fake.callsOf('cancelUnstartedTasks').map((c) => c.input)).toEqual([
        { directiveId: input.directiveId, actor: CHAIR },
      ]);

      expect(await directive.result()).toEqual(answer.progress);
      for (const a of assignments) expect((await task(a.unitId).describe()).status.name).not.toBe('RUNNING');

      // A closed directive takes no second withdrawal, and nothing more is written.
      await expect(
        directive.executeUpdate(withdrawUpdate, { args: [{ actor: CHAIR, reason: null, waitMs: WAIT_MS }] }),
      ).rejects.toThrow();
      expect(fake.callsOf('markDirectiveWithdrawn')).toHaveLength(1);
    });
  });

  it('withdrawing before the fan-out reaches the tasks cancels them as never started', async () => {
    const fake = new FakeDondocActivities();
    const { input, assignments } = aDirective()
      .from(await testbed.now())
      .dueIn('10 days')
      .withTasks(3)
      .build();
    fake.seedDirective(input.directiveId, assignments);
    const pages = fake.hold('loadAssignments');

    await testbed.withWorker(fake, async ({ startDirective }) => {
      try {
        const directive = await startDirective(input);
        await eventually(() => expect(fake.callsOf('loadAssignments')).toHaveLength(1));

        const answer = await directive.executeUpdate(withdrawUpdate, {
          args: [{ actor: CHAIR, reason: REASON, waitMs: WAIT_MS }],
        });
        expect(answer).toEqual({ progress: { total: 3, launched: 0, closed: {}, withdrawn: true }, complete: true });
        expect(fake.callsOf('activateTasks')).toEqual([]);
        expect(fake.callsOf('cancelUnstartedTasks').map((c) => c.input)).toEqual([
          { directiveId: input.directiveId, actor: CHAIR },
        ]);
        expect(fake.tasksOf(input.directiveId).map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
        expect(fake.allChanges()).toEqual([]);
        expect(await directive.result()).toEqual(answer.progress);
      } finally {
        pages.release();
      }
    });
  });

  it('a withdrawn task returns its result with status cancelled', async () => {
    // The cancellation arrives in the task's root scope; its last wait must run outside it,
    // or the execution ends CANCELLED instead of returning the result the contract promises.
    const fake = new FakeDondocActivities();
    const { input, assignments } = aDirective()
      .from(await testbed.now())
      .dueIn('10 days')
      .withTasks(1)
      .build();
    fake.seedDirective(input.directiveId, assignments);
    const [only] = assignments;

    await testbed.withWorker(fake, async ({ client, startDirective }) => {
      const directive = await startDirective(input);
      await eventually(async () => expect((await directive.query(directiveProgressQuery)).launched).toBe(1));
      await directive.executeUpdate(withdrawUpdate, { args: [{ actor: CHAIR, reason: REASON, waitMs: WAIT_MS }] });
      expect(fake.changesOf(only!.taskId).map((c) => c.action)).toEqual(['cancel']);

      const task = client.workflow.getHandle<typeof unitTaskWorkflow>(
        unitTaskWorkflowId(input.directiveId, only!.unitId),
      );
      const outcome = await task.result().then(
        (result) => ({ returned: result }),
        (error: unknown) => ({ endedWith: `${(error as Error).name}: ${(error as Error).message}` }),
      );
      expect(outcome).toEqual({
        returned: { taskId: only!.taskId, unitId: only!.unitId, status: 'cancelled', successor: null },
      });
    });
  });
});
