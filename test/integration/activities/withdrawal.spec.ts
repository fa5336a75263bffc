/**
 * The withdrawal activities that touch only PostgreSQL, on a real database: the directive is
 * marked withdrawn once, tasks whose workflows never started are cancelled once, and the cause of
 * a withdrawal is read back from the chain of directives above it. (The cascade itself reaches
 * other directives' workflows through Temporal: the workflow and integration tests cover it.)
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AnyDondocEvent } from '@dondoc/domain';
import { useTestDatabase } from '../support/database';
import { auditRecordsOf, rowsOf, seedDirective, seedTask, seedUnit } from './seed';

describe('withdrawal activities', () => {
  const database = useTestDatabase();

  const seedDirectiveWithUnits = async (db: DataSource, count: number) => {
    const issuer = await seedUnit(db);
    const directiveId = await seedDirective(db, { issuerUnitId: issuer });
    const taskIds: string[] = [];
    for (let i = 0; i < count; i += 1) taskIds.push(await seedTask(db, { directiveId, unitId: await seedUnit(db) }));
    return { issuer, directiveId, taskIds };
  };

  it('marks tasks active once, keeping the first instant', async () => {
    const { taskIds } = await seedDirectiveWithUnits(database.dataSource, 2);
    await database.activities.activateTasks({ taskIds, at: '2026-12-01T08:00:00.000Z' });
    await database.activities.activateTasks({ taskIds, at: '2026-12-01T09:00:00.000Z' });

    const rows = await database.dataSource.query<{ activated_at: Date }[]>(
      `SELECT activated_at FROM tasks WHERE id = ANY($1::uuid[])`,
      [taskIds],
    );
    expect(rows.map((r) => r.activated_at.toISOString())).toEqual([
      '2026-12-01T08:00:00.000Z',
      '2026-12-01T08:00:00.000Z',
    ]);
  });

  it('writes one task.assigned per task started, from the first activation, to the outbox', async () => {
    const { directiveId, taskIds } = await seedDirectiveWithUnits(database.dataSource, 2);
    await database.activities.activateTasks({ taskIds, at: '2026-12-01T08:00:00.000Z' });
    await database.activities.activateTasks({ taskIds, at: '2026-12-01T09:00:00.000Z' });

    const events = await database.dataSource.query<
      { id: string; type: string; occurred_at: Date; payload: AnyDondocEvent }[]
    >(`SELECT id, type, occurred_at, payload FROM outbox_events WHERE directive_id = $1 ORDER BY id`, [directiveId]);
    expect(events.map((event) => event.id)).toEqual(taskIds.map((id) => `task.assigned/${id}:assigned`).sort());
    for (const event of events) {
      expect(event.occurred_at.toISOString()).toBe('2026-12-01T08:00:00.000Z');
      expect(event.payload).toMatchObject({ type: 'task.assigned', data: { role: 'lead', assigneeSub: null } });
      expect(event.payload.link).toBe(`https://dondoc.test.gov.vn/tasks/${event.payload.taskId ?? ''}`);
    }
  });

  it('tells each unit whose task was cancelled before it started that the directive was withdrawn, once', async () => {
    const { directiveId, taskIds } = await seedDirectiveWithUnits(database.dataSource, 1);
    const [unstarted] = taskIds as [string];
    await database.activities.markDirectiveWithdrawn({
      directiveId,
      actor: 'lanh.dao',
      reason: 'Ban hành nhầm',
      at: '2026-12-01T09:00:00.000Z',
    });
    await database.activities.cancelUnstartedTasks({ directiveId, actor: 'lanh.dao' });
    await database.activities.cancelUnstartedTasks({ directiveId, actor: 'lanh.dao' });

    const events = await database.dataSource.query<{ id: string; payload: AnyDondocEvent }[]>(
      `SELECT id, payload FROM outbox_events WHERE task_id = $1`,
      [unstarted],
    );
    expect(events).toEqual([
      {
        id: `directive.withdrawn/${unstarted}:withdrawn-before-start`,
        payload: expect.objectContaining({
          type: 'directive.withdrawn',
          data: { by: { unitId: null, sub: 'lanh.dao' }, reason: 'Ban hành nhầm' },
        }),
      },
    ]);
  });

  it('marks a directive withdrawn once, with one audit record', async () => {
    const { directiveId } = await seedDirectiveWithUnits(database.dataSource, 0);
    const input = { directiveId, actor: 'lanh.dao', reason: 'Ban hành nhầm', at: '2026-12-01T08:00:00.000Z' };
    await database.activities.markDirectiveWithdrawn(input);
    await database.activities.markDirectiveWithdrawn({ ...input, actor: 'nguoi.khac', at: '2026-12-02T08:00:00.000Z' });

    expect((await rowsOf(database.dataSource, 'directives', 'id', directiveId))[0]).toMatchObject({
      status: 'withdrawn',
      withdrawn_by: 'lanh.dao',
      withdrawn_reason: 'Ban hành nhầm',
      withdrawn_at: new Date('2026-12-01T08:00:00.000Z'),
    });
    expect(await auditRecordsOf(database.dataSource, directiveId)).toEqual([
      expect.objectContaining({
        actor: 'lanh.dao',
        action: 'directive.withdraw',
        before: { status: 'active' },
        after: { status: 'withdrawn', reason: 'Ban hành nhầm' },
      }),
    ]);
  });

  it('cancels only the open tasks whose workflows never started, each with one event and one audit record', async () => {
    const { directiveId, taskIds } = await seedDirectiveWithUnits(database.dataSource, 3);
    const [started, unstarted, done] = taskIds as [string, string, string];
    await database.activities.activateTasks({ taskIds: [started], at: '2026-12-01T08:00:00.000Z' });
    await database.dataSource.query(`UPDATE tasks SET status = 'completed' WHERE id = $1`, [done]);
    await database.activities.markDirectiveWithdrawn({
      directiveId,
      actor: 'lanh.dao',
      reason: null,
      at: '2026-12-01T09:00:00.000Z',
    });

    expect(await database.activities.cancelUnstartedTasks({ directiveId, actor: 'lanh.dao' })).toBe(1);
    expect(await database.activities.cancelUnstartedTasks({ directiveId, actor: 'lanh.dao' })).toBe(0);

    const statuses = await database.dataSource.query<{ id: string; status: string }[]>(
      `SELECT id, status FROM tasks WHERE directive_id = $1`,
      [directiveId],
    );
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [started]: 'assigned',
      [unstarted]: 'cancelled',
      [done]: 'completed',
    });
    expect(await rowsOf(database.dataSource, 'task_events', 'task_id', unstarted)).toEqual([
      expect.objectContaining({
        id: `${unstarted}:withdrawn-before-start`,
        action: 'cancel',
        to_status: 'cancelled',
        data: { cause: 'directive withdrawn' },
      }),
    ]);
    expect(await auditRecordsOf(database.dataSource, unstarted)).toEqual([
      expect.objectContaining({ action: 'task.cancel', actor: 'lanh.dao' }),
    ]);
    expect(await auditRecordsOf(database.dataSource, started)).toEqual([]);
  });

  it('describes a withdrawal that came down from a parent directive, naming the root of the cascade', async () => {
    const issuer = await seedUnit(database.dataSource);
    const root = await seedDirective(database.dataSource, { issuerUnitId: issuer });
    const middle = await seedDirective(database.dataSource, { issuerUnitId: issuer });
    const leaf = await seedDirective(database.dataSource, { issuerUnitId: issuer });
    await database.dataSource.query(`UPDATE directives SET parent_directive_id = $2 WHERE id = $1`, [middle, root]);
    await database.dataSource.query(`UPDATE directives SET parent_directive_id = $2 WHERE id = $1`, [leaf, middle]);
    await database.activities.markDirectiveWithdrawn({
      directiveId: root,
      actor: 'lanh.dao',
      reason: 'Thay thế',
      at: '2026-12-01T08:00:00.000Z',
    });
    await database.activities.markDirectiveWithdrawn({
      directiveId: middle,
      actor: 'lanh.dao',
      reason: 'theo văn bản cấp trên',
      at: '2026-12-01T08:00:01.000Z',
    });
    await database.activities.markDirectiveWithdrawn({
      directiveId: leaf,
      actor: 'lanh.dao',
      reason: 'theo văn bản cấp trên',
      at: '2026-12-01T08:00:02.000Z',
    });
    const [rootRow] = await rowsOf<{ number: string }>(database.dataSource, 'directives', 'id', root);

    expect(await database.activities.describeWithdrawal({ directiveId: leaf })).toEqual({
      actor: 'lanh.dao',
      reason: 'theo văn bản cấp trên',
      cascade: { rootDirectiveId: root, rootDirectiveNumber: rootRow!.number, parentDirectiveId: middle },
    });
    expect(await database.activities.describeWithdrawal({ directiveId: root })).toEqual({
      actor: 'lanh.dao',
      reason: 'Thay thế',
      cascade: null,
    });
    await expect(database.activities.describeWithdrawal({ directiveId: randomUUID() })).rejects.toMatchObject({
      type: 'NOT_FOUND',
      nonRetryable: true,
    });
  });
});
