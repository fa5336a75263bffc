/**
 * Escalation up the chain: an escalation the coordinating body leaves unresolved for its own
 * grace period climbs to the coordinating body of the next level up, once per level, with a
 * notice to both; a resolution at any level closes it for all and stops the climb.
 */
import { resolveEscalationUpdate, taskStateQuery } from '@dondoc/workflows/unit-task/contract';
import { COORDINATING_UNIT, aUnitTask, assignmentOf } from '../support/builders';
import { eventually } from '../support/eventually';
import { FakeDondocActivities } from '../support/fake-activities';
import { useTestbed } from '../support/testbed';
import { iso, ms, nextWholeMinute } from '../support/time';

const testbed = useTestbed();

const PROVINCE_BOARD = 'bac-kan/tinh-uy/bcd35';
const CENTRAL_BOARD = 'trung-uong/bcd35';

/** "level:body" for every climb a task's changes recorded, in order. */
function climbs(fake: FakeDondocActivities, taskId: string): string[] {
  return fake
    .changesOf(taskId)
    .flatMap((c) => (c.escalation?.op === 'climb' ? [`${c.escalation.level}:${c.escalation.coordinatingUnitId}`] : []));
}

describe('escalation up the chain', () => {
  it('climbs two levels, each after the body’s own grace period, notifying both bodies; then stays at the top', async () => {
    const fake = new FakeDondocActivities();
    // The city's board waits one day, the province's three; the central board is the top.
    fake.useEscalationChain('P1D', [
      { unitId: PROVINCE_BOARD, grace: 'P3D' },
      { unitId: CENTRAL_BOARD, grace: 'P2D' },
    ]);
    await testbed.withWorker(fake, async ({ startTask }) => {
      const input = aUnitTask()
        .from(nextWholeMinute(await testbed.now()))
        .dueIn('3 days')
        .withPolicy({ escalateAfter: 'P2D' })
        .build();
      fake.seedDirective(input.directiveId, [assignmentOf(input)]);
      const due = Date.parse(input.dueAt);
      const opened = due + ms('2 days');
      const handle = await startTask(input);

      // Just before the city board's grace ends: open at level 1, nothing climbed.
      await testbed.skipTo(opened + ms('1 day') - ms('1 minute'));
      const escalationId = await eventually(() => {
        const id = fake.changesOf(input.taskId).find((c) => c.escalation?.op === 'open')?.escalation?.escalationId;
        expect(id).toBeDefined();
        return id!;
      });
      expect(fake.callsOf('loadEscalationChain').map((c) => c.input)).toEqual([
        { directiveId: input.directiveId, coordinatingUnitId: COORDINATING_UNIT },
      ]);
      expect(climbs(fake, input.taskId)).toEqual([]);

      await testbed.skipTo(opened + ms('1 day') + ms('1 second'));
      await eventually(() => expect(climbs(fake, input.taskId)).toEqual([`2:${PROVINCE_BOARD}`]));
      const first = fake.changesOf(input.taskId).find((c) => c.action === 'escalate_up')!;
      expect(first).toMatchObject({ actor: 'system', data: { level: 2, fromUnitId: COORDINATING_UNIT, grace: 'P1D' } });
      // On its timer: a day after the escalation opened (a timer fires a few milliseconds late).
      expect(Date.parse(first.occurredAt) - (opened + ms('1 day'))).toBeGreaterThanOrEqual(0);
      expect(Date.parse(first.occurredAt) - (opened + ms('1 day'))).toBeLessThan(ms('1 second'));
      expect(first.notifications?.map((n) => [n.recipientUnitId, n.kind])).toEqual([
        [PROVINCE_BOARD, 'escalation'],
        [COORDINATING_UNIT, 'escalation'],
      ]);

      // The province board's own grace (three days) counts from when the escalation reached it.
      await testbed.skipTo(opened + ms('4 days') - ms('1 minute'));
      // The daily overdue notice of that morning shows the workflow has run up to here.
      await eventually(() =>
        expect(fake.notificationsOf(input.taskId).map((n) => n.scheduledFor)).toContain(iso(opened + ms('3 days'))),
      );
      expect(climbs(fake, input.taskId)).toEqual([`2:${PROVINCE_BOARD}`]);
      await testbed.skipTo(opened + ms('4 days') + ms('1 second'));
      await eventually(() => expect(climbs(fake, input.taskId)).toEqual([`2:${PROVINCE_BOARD}`, `3:${CENTRAL_BOARD}`]));
      expect(fake.escalation(escalationId)).toMatchObject({
        status: 'open',
        levels: [COORDINATING_UNIT, PROVINCE_BOARD, CENTRAL_BOARD],
      });

      // The top has nowhere to climb: a week on, still three levels, one escalation.
      await testbed.skipTo(opened + ms('11 days'));
      await eventually(() =>
        expect(
          fake
            .notificationsOf(input.taskId)
            .some((n) => n.kind === 'overdue' && Date.parse(n.scheduledFor) >= opened + ms('10 days')),
        ).toBe(true),
      );
      expect(climbs(fake, input.taskId)).toHaveLength(2);
      expect(fake.changesOf(input.taskId).filter((c) => c.escalation?.op === 'open')).toHaveLength(1);

      // Resolved at the top, it is resolved for every level.
      await testbed.untilIdle(handle);
      const view = await handle.executeUpdate(resolveEscalationUpdate, {
        args: [{ actor: 'bcd35.tw', escalationId, action: 'waive', note: 'Miễn' }],
      });
      expect(view).toMatchObject({ status: 'waived', openEscalationId: null });
      expect(fake.escalation(escalationId)).toMatchObject({ status: 'resolved', resolution: { action: 'waive' } });
    });
  });

  it('stops climbing once resolved at the first level, and a reminder from the board does not stop it', async () => {
    const fake = new FakeDondocActivities();
    fake.useEscalationChain('P1D', [{ unitId: PROVINCE_BOARD, grace: 'P1D' }]);
    await testbed.withWorker(fake, async ({ startTask }) => {
      const input = aUnitTask()
        .from(nextWholeMinute(await testbed.now()))
        .dueIn('3 days')
        .withPolicy({ escalateAfter: 'P2D' })
        .build();
      fake.seedDirective(input.directiveId, [assignmentOf(input)]);
      const due = Date.parse(input.dueAt);
      const handle = await startTask(input);
      await testbed.skipTo(due + ms('2 days') + ms('1 second'));
      const escalationId = await eventually(async () => {
        const id = (await handle.query(taskStateQuery)).openEscalationId;
        expect(id).not.toBeNull();
        return id!;
      });

      // A reminder keeps the escalation open: the climb still happens on time.
      await testbed.untilIdle(handle);
      await handle.executeUpdate(resolveEscalationUpdate, {
        args: [{ actor: 'bcd35.thanh', escalationId, action: 'remind', note: null }],
      });
      await testbed.skipTo(due + ms('3 days') + ms('1 second'));
      await eventually(() => expect(climbs(fake, input.taskId)).toEqual([`2:${PROVINCE_BOARD}`]));

      // An extension decided at level 1 resolves it for the province board too; no later climb.
      const newDue = nextWholeMinute(await testbed.now()) + ms('10 days');
      await testbed.untilIdle(handle);
      await handle.executeUpdate(resolveEscalationUpdate, {
        args: [{ actor: 'bcd35.thanh', escalationId, action: 'extend', dueAt: iso(newDue), note: null }],
      });
      expect(fake.escalation(escalationId)?.status).toBe('resolved');
      await testbed.skipTo(newDue - ms('1 day'));
      await eventually(() =>
        expect(
          fake
            .notificationsOf(input.taskId)
            .some((n) => n.kind === 'reminder' && n.scheduledFor === iso(newDue - ms('1 day'))),
        ).toBe(true),
      );
      expect(climbs(fake, input.taskId)).toEqual([`2:${PROVINCE_BOARD}`]);
      expect((await handle.query(taskStateQuery)).openEscalationId).toBeNull();
    });
  });
});
