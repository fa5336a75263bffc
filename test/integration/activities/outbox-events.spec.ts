/**
 * The outbox on a real PostgreSQL database: recordTaskChange writes the events a change causes
 * in the change's own transaction, once however often or however concurrently it is retried,
 * and not at all when the database refuses the change.
 */
import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '../support/database';
import { rowsOf, seedAssignedTask, seedUnit, taskChange, type SeededTask } from './seed';

interface OutboxRow {
  id: string;
  type: string;
  version: number;
  task_id: string;
  directive_id: string;
  unit_id: string;
  occurred_at: Date;
  payload: Record<string, unknown>;
  dispatched_at: Date | null;
  claimed_by: string | null;
  attempts: number;
}

describe('the outbox written with each task change', () => {
  const database = useTestDatabase();

  const outboxOf = (taskId: string): Promise<OutboxRow[]> =>
    rowsOf<OutboxRow>(database.dataSource, 'outbox_events', 'task_id', taskId, 'occurred_at, id');

  const reminder = (task: SeededTask, sequence: number) =>
    taskChange(task, sequence, 'assigned', 'assigned', {
      action: 'remind',
      actor: 'system',
      data: { offset: 'P1D before', scheduledFor: '2026-12-30T10:00:00.000Z' },
      notifications: [
        {
          recipientUnitId: task.unitId,
          kind: 'reminder',
          message: 'Nhắc hạn',
          scheduledFor: '2026-12-30T10:00:00.000Z',
        },
      ],
    });

  it('writes a reminder’s event with the change: the catalogue’s JSON, its deadline and the link for people', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const [directive] = await rowsOf<{ number: string }>(database.dataSource, 'directives', 'id', task.directiveId);

    await database.activities.recordTaskChange(reminder(task, 1));

    const rows = await outboxOf(task.taskId);
    expect(rows).toEqual([
      expect.objectContaining({
        id: `task.reminder/${task.taskId}:1`,
        type: 'task.reminder',
        version: 1,
        directive_id: task.directiveId,
        unit_id: task.unitId,
        dispatched_at: null,
        claimed_by: null,
        attempts: 0,
      }),
    ]);
    expect(rows[0]!.occurred_at.toISOString()).toBe(reminder(task, 1).occurredAt);
    expect(rows[0]!.payload).toEqual({
      id: `task.reminder/${task.taskId}:1`,
      type: 'task.reminder',
      version: 1,
      occurredAt: reminder(task, 1).occurredAt,
      directiveId: task.directiveId,
      directiveNumber: directive!.number,
      directiveSubject: 'Báo cáo tình hình',
      taskId: task.taskId,
      unitId: task.unitId,
      dueAt: '2026-12-31T10:00:00.000Z',
      link: `https://dondoc.test.gov.vn/tasks/${task.taskId}`,
      data: { scheduledAt: '2026-12-30T10:00:00.000Z', offset: 'P1D before', workingDaysLeft: null },
    });
  });

  it('writes nothing for a change that causes no event', async () => {
    const task = await seedAssignedTask(database.dataSource);
    await database.activities.recordTaskChange(
      taskChange(task, 1, 'assigned', 'in_progress', { patch: { progressPercent: 20 } }),
    );
    expect(await rowsOf(database.dataSource, 'task_events', 'task_id', task.taskId)).toHaveLength(1);
    expect(await outboxOf(task.taskId)).toEqual([]);
  });

  it('writes the same change twice once', async () => {
    const task = await seedAssignedTask(database.dataSource);
    await database.activities.recordTaskChange(reminder(task, 1));
    await database.activities.recordTaskChange(reminder(task, 1));
    expect((await outboxOf(task.taskId)).map((row) => row.id)).toEqual([`task.reminder/${task.taskId}:1`]);
  });

  it('writes once when three attempts of the same change run at the same time', async () => {
    const tasks = await Promise.all([1, 2, 3].map(() => seedAssignedTask(database.dataSource)));
    // A retry can start while the attempt it replaces still runs (a timed-out attempt is not stopped).
    await Promise.all(
      tasks.flatMap((task) => [1, 2, 3].map(() => database.activities.recordTaskChange(reminder(task, 1)))),
    );
    for (const task of tasks) {
      expect((await outboxOf(task.taskId)).map((row) => row.id)).toEqual([`task.reminder/${task.taskId}:1`]);
    }
  });

  it('writes no event for a change the database refuses, and writes it once the change is corrected', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const refused = taskChange(task, 1, 'assigned', 'assigned', {
      action: 'remind',
      actor: 'system',
      // The events are written before the notices; this notice's unit does not exist.
      notifications: [
        {
          recipientUnitId: 'no-such-unit',
          kind: 'reminder',
          message: 'Nhắc hạn',
          scheduledFor: '2026-12-30T10:00:00.000Z',
        },
      ],
    });

    await expect(database.activities.recordTaskChange(refused)).rejects.toMatchObject({ type: 'DATA_REJECTED' });
    expect(await outboxOf(task.taskId)).toEqual([]);

    await database.activities.recordTaskChange({
      ...refused,
      notifications: [{ ...refused.notifications![0]!, recipientUnitId: task.unitId }],
    });
    expect((await outboxOf(task.taskId)).map((row) => row.id)).toEqual([`task.reminder/${task.taskId}:1`]);
  });

  it('writes no event for a change whose text PostgreSQL cannot store', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const change = taskChange(task, 1, 'submitted', 'in_progress', {
      action: 'return',
      actor: 'van.thu',
      patch: { returnReason: 'thiếu\u0000số liệu' },
      data: { reason: 'thiếu số liệu' },
    });
    await expect(database.activities.recordTaskChange(change)).rejects.toThrow(/0x00/);
    expect(await outboxOf(task.taskId)).toEqual([]);
  });

  it('writes one event each when an escalation opens, climbs and is resolved, however often each is retried', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const coordinator = await seedUnit(database.dataSource);
    const higher = await seedUnit(database.dataSource);
    const escalationId = randomUUID();
    const open = taskChange(task, 1, 'assigned', 'assigned', {
      action: 'escalate',
      actor: 'system',
      patch: { escalated: true },
      data: { escalationId, level: 1, coordinatingUnitId: coordinator, scheduledFor: '2027-01-01T10:00:00.000Z' },
      escalation: { op: 'open', escalationId, coordinatingUnitId: coordinator, unitId: task.unitId },
      notifications: [
        {
          recipientUnitId: coordinator,
          kind: 'escalation',
          message: 'Quá hạn',
          scheduledFor: '2027-01-01T10:00:00.000Z',
        },
      ],
    });
    const climb = taskChange(task, 2, 'assigned', 'assigned', {
      action: 'escalate_up',
      actor: 'system',
      data: { escalationId, level: 2, coordinatingUnitId: higher, fromUnitId: coordinator, grace: 'P2D' },
      escalation: { op: 'climb', escalationId, level: 2, coordinatingUnitId: higher },
      notifications: [
        {
          recipientUnitId: higher,
          kind: 'escalation',
          message: 'Chuyển lên',
          scheduledFor: '2027-01-03T10:00:00.000Z',
        },
        {
          recipientUnitId: coordinator,
          kind: 'escalation',
          message: 'Đã chuyển lên',
          scheduledFor: '2027-01-03T10:00:00.000Z',
        },
      ],
    });
    const resolve = taskChange(task, 3, 'assigned', 'assigned', {
      action: 'extend',
      actor: 'lanh.dao',
      actorUnitId: higher,
      patch: { dueAt: '2027-01-10T10:00:00.000Z', escalated: false },
      escalation: {
        op: 'resolve',
        escalationId,
        resolution: { action: 'extend', note: 'gia hạn một lần', dueAt: '2027-01-10T10:00:00.000Z' },
      },
    });

    for (const change of [open, open, climb, climb, resolve, resolve])
      await database.activities.recordTaskChange(change);

    const rows = await outboxOf(task.taskId);
    expect(rows.map((row) => [row.id, row.payload.data])).toEqual([
      [
        `escalation.opened/${task.taskId}:1`,
        { escalationId, level: 1, coordinatingUnitId: coordinator, scheduledAt: '2027-01-01T10:00:00.000Z' },
      ],
      [
        `escalation.climbed/${task.taskId}:2`,
        { escalationId, level: 2, coordinatingUnitId: higher, fromUnitId: coordinator, grace: 'P2D' },
      ],
      [
        `escalation.resolved/${task.taskId}:3`,
        { escalationId, action: 'extend', by: { unitId: higher, sub: 'lanh.dao' }, note: 'gia hạn một lần' },
      ],
    ]);
    // Each carries the deadline in force: the resolution's is the new one.
    expect(rows.map((row) => row.payload.dueAt)).toEqual([
      '2026-12-31T10:00:00.000Z',
      '2026-12-31T10:00:00.000Z',
      '2027-01-10T10:00:00.000Z',
    ]);
    // The escalation is about the late unit, not the bodies told.
    expect(new Set(rows.map((row) => row.unit_id))).toEqual(new Set([task.unitId]));
  });
});
