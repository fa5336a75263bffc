/**
 * Who handles a unit task, as Updates on the time-skipping server: claim, assign and hand back
 * are written as changes that keep the status, a refusal is made by the validator before it
 * enters history, and the reminders that follow name the assignee.
 */
import {
  assignUpdate,
  claimUpdate,
  handBackUpdate,
  submitUpdate,
  taskStateQuery,
} from '@dondoc/workflows/unit-task/contract';
import { aUnitTask } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { acceptedUpdates, rejectionOf } from '../support/rejections';
import { useTestbed } from '../support/testbed';
import { ms } from '../support/time';

const testbed = useTestbed();

const OFFICER = 'chuyen-vien-so-tai-chinh';
const COLLEAGUE = 'chuyen-vien-2';
const HEAD = 'truong-phong';

describe('unit task: who handles it', () => {
  it('is claimed, reassigned and handed back, each written as a change that keeps the status; refusals never enter history', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      const input = aUnitTask()
        .from(await testbed.now())
        .dueIn('10 days')
        .build();
      const handle = await startTask(input);

      expect(await handle.executeUpdate(claimUpdate, { args: [{ actor: OFFICER }] })).toMatchObject({
        status: 'assigned',
        assignee: OFFICER,
        assignmentActions: ['assign', 'hand_back'],
      });
      const taken = await rejectionOf(handle.executeUpdate(claimUpdate, { args: [{ actor: COLLEAGUE }] }));
      expect(taken.type).toBe('CONFLICT');
      expect(taken.message).toContain(`đã có người xử lý (${OFFICER})`);
      expect(await handle.executeUpdate(assignUpdate, { args: [{ actor: HEAD, assignee: COLLEAGUE }] })).toMatchObject({
        assignee: COLLEAGUE,
      });
      const notTheirs = await rejectionOf(handle.executeUpdate(handBackUpdate, { args: [{ actor: OFFICER }] }));
      expect(notTheirs.type).toBe('CONFLICT');
      expect(await handle.executeUpdate(handBackUpdate, { args: [{ actor: COLLEAGUE }] })).toMatchObject({
        assignee: null,
        assignmentActions: ['claim', 'assign'],
      });

      expect(await acceptedUpdates(handle)).toEqual(['claim', 'assign', 'handBack']);
      expect(fake.changesOf(input.taskId).map((c) => [c.action, c.fromStatus, c.toStatus, c.patch])).toEqual([
        ['claim', 'assigned', 'assigned', { assignee: OFFICER }],
        ['assign', 'assigned', 'assigned', { assignee: COLLEAGUE }],
        ['hand_back', 'assigned', 'assigned', { assignee: null }],
      ]);
      expect(await handle.query(taskStateQuery)).toMatchObject({ status: 'assigned', assignee: null });
    });
  });

  it('names the assignee in the reminders that follow; a submitted task under review can still change hands', async () => {
    const fake = new FakeDondocActivities();
    await testbed.withWorker(fake, async ({ startTask }) => {
      const input = aUnitTask()
        .from(await testbed.now())
        .dueIn('5 days')
        .with({ reviewRequired: true })
        .build();
      const handle = await startTask(input);
      await handle.executeUpdate(claimUpdate, { args: [{ actor: OFFICER }] });

      await testbed.skipTo(Date.parse(input.dueAt) - ms('3 days') + ms('1 minute'));
      await eventually(() =>
        expect(fake.changesOf(input.taskId).find((c) => c.action === 'remind')?.data).toMatchObject({
          assignee: OFFICER,
        }),
      );

      await handle.executeUpdate(submitUpdate, { args: [{ actor: OFFICER, report: 'Đã xong' }] });
      expect(await handle.executeUpdate(assignUpdate, { args: [{ actor: HEAD, assignee: COLLEAGUE }] })).toMatchObject({
        status: 'submitted',
        assignee: COLLEAGUE,
      });
    });
  });
});
