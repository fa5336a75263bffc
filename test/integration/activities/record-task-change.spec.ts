/**
 * recordTaskChange on a real PostgreSQL database: a change is written once however often it is
 * retried, changes that arrive out of order never move the row back, and a change the database
 * refuses leaves nothing behind, its audit record included.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { verifyAuditChain } from '@dondoc/audit';
import { useTestDatabase } from '../support/database';
import { auditRecordsOf, rowsOf, seedAssignedTask, seedUnit, taskChange } from './seed';

interface TaskRow {
  status: string;
  version: number;
  progress_percent: number;
  progress_note: string | null;
  acknowledged_at: Date | null;
  due_at: Date;
}

describe('recordTaskChange', () => {
  const database = useTestDatabase();

  const taskRow = async (taskId: string): Promise<TaskRow> => {
    const [row] = await rowsOf<TaskRow>(database.dataSource, 'tasks', 'id', taskId);
    return row!;
  };

  it('writes the same change twice once: one event, one notice, one audit record', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const change = taskChange(task, 1, 'assigned', 'acknowledged', {
      action: 'acknowledge',
      actorUnitId: task.unitId,
      httpRequestId: 'req-ack-1',
      patch: { acknowledgedAt: '2026-12-01T08:01:00.000Z' },
      data: { note: 'đã nhận' },
      notifications: [
        {
          recipientUnitId: task.issuerUnitId,
          kind: 'reminder',
          message: 'Nhắc hạn',
          scheduledFor: '2026-12-02T08:00:00.000Z',
        },
      ],
    });

    await database.activities.recordTaskChange(change);
    await database.activities.recordTaskChange(change);

    const events = await rowsOf(database.dataSource, 'task_events', 'task_id', task.taskId);
    expect(events).toEqual([
      expect.objectContaining({
        id: `${task.taskId}:1`,
        sequence: 1,
        action: 'acknowledge',
        from_status: 'assigned',
        to_status: 'acknowledged',
        data: { note: 'đã nhận' },
      }),
    ]);
    const notices = await rowsOf(database.dataSource, 'notifications', 'task_id', task.taskId);
    expect(notices).toEqual([
      expect.objectContaining({
        id: `${task.taskId}:1:0`,
        recipient_unit_id: task.issuerUnitId,
        kind: 'reminder',
        message: 'Nhắc hạn',
      }),
    ]);
    const audit = await auditRecordsOf(database.dataSource, task.taskId);
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'chuyen.vien',
        action: 'task.acknowledge',
        request_id: 'req-ack-1',
        before: { status: 'assigned' },
        after: { status: 'acknowledged', acknowledgedAt: '2026-12-01T08:01:00.000Z', data: { note: 'đã nhận' } },
      }),
    ]);
    const row = await taskRow(task.taskId);
    expect(row).toMatchObject({ status: 'acknowledged', version: 1 });
    expect(row.acknowledged_at?.toISOString()).toBe('2026-12-01T08:01:00.000Z');
  });

  it('takes the event id as the whole guard: another change under a sequence already written is dropped', async () => {
    const task = await seedAssignedTask(database.dataSource);
    await database.activities.recordTaskChange(
      taskChange(task, 1, 'assigned', 'in_progress', { patch: { progressPercent: 30 } }),
    );
    await database.activities.recordTaskChange(
      taskChange(task, 1, 'assigned', 'in_progress', { patch: { progressPercent: 90 }, actor: 'nguoi.khac' }),
    );

    expect(await taskRow(task.taskId)).toMatchObject({ progress_percent: 30, version: 1 });
    expect(await auditRecordsOf(database.dataSource, task.taskId)).toEqual([
      expect.objectContaining({ actor: 'chuyen.vien' }),
    ]);
  });

  it('writes once when attempts of the same change run at the same time, and keeps the audit chain whole', async () => {
    const tasks = await Promise.all([1, 2, 3].map(() => seedAssignedTask(database.dataSource)));
    // A retry can start while the attempt it replaces still runs (a timed-out attempt is not stopped).
    const attempts = tasks.flatMap((task) =>
      [1, 2, 3].map(() =>
        database.activities.recordTaskChange(
          taskChange(task, 1, 'assigned', 'acknowledged', {
            action: 'acknowledge',
            patch: { acknowledgedAt: '2026-12-01T08:01:00.000Z' },
          }),
        ),
      ),
    );
    await Promise.all(attempts);

    for (const task of tasks) {
      expect(await rowsOf(database.dataSource, 'task_events', 'task_id', task.taskId)).toHaveLength(1);
      expect(await auditRecordsOf(database.dataSource, task.taskId)).toHaveLength(1);
    }
    expect(await verifyAuditChain(database.dataSource)).toMatchObject({ intact: true });
  });

  it('records a change that arrives after a newer one in the history, but leaves the row at the newer one', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const first = taskChange(task, 1, 'assigned', 'acknowledged', {
      action: 'acknowledge',
      patch: { acknowledgedAt: '2026-12-01T08:01:00.000Z', progressNote: 'bắt đầu' },
      notifications: [
        {
          recipientUnitId: task.issuerUnitId,
          kind: 'reminder',
          message: 'Nhắc lần 1',
          scheduledFor: '2026-12-02T08:00:00.000Z',
        },
      ],
    });
    const second = taskChange(task, 2, 'acknowledged', 'in_progress', { patch: { progressPercent: 60 } });

    await database.activities.recordTaskChange(second);
    await database.activities.recordTaskChange(first);

    // The row is the newest change's; the late change's patch is not merged in, even for
    // columns the newer change left alone (acknowledged_at, progress_note).
    const row = await taskRow(task.taskId);
    expect(row).toMatchObject({
      status: 'in_progress',
      version: 2,
      progress_percent: 60,
      progress_note: null,
      acknowledged_at: null,
    });
    // Everything else of the late change is written: its event, its notice, its audit record.
    const events = await rowsOf<{ sequence: number }>(
      database.dataSource,
      'task_events',
      'task_id',
      task.taskId,
      'sequence',
    );
    expect(events.map((e) => e.sequence)).toEqual([1, 2]);
    expect(await rowsOf(database.dataSource, 'notifications', 'task_id', task.taskId)).toEqual([
      expect.objectContaining({ id: `${task.taskId}:1:0` }),
    ]);
    // The audit chain records arrival order, not sequence order.
    const audit = await auditRecordsOf(database.dataSource, task.taskId);
    expect(audit.map((a) => a.action)).toEqual(['task.progress', 'task.acknowledge']);
  });

  it('leaves no trace of a change whose projection the database refuses, and writes it whole once corrected', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const refused = taskChange(task, 1, 'assigned', 'acknowledged', {
      action: 'acknowledge',
      patch: { acknowledgedAt: '2026-12-01T08:01:00.000Z' },
      // The event row is written before the notices; this notice's unit does not exist.
      notifications: [
        {
          recipientUnitId: 'no-such-unit',
          kind: 'reminder',
          message: 'Nhắc hạn',
          scheduledFor: '2026-12-02T08:00:00.000Z',
        },
      ],
    });

    const failure = await database.activities.recordTaskChange(refused).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'DATA_REJECTED', nonRetryable: true, details: [{ sqlState: '23503' }] });

    expect(await rowsOf(database.dataSource, 'task_events', 'task_id', task.taskId)).toEqual([]);
    expect(await rowsOf(database.dataSource, 'notifications', 'task_id', task.taskId)).toEqual([]);
    expect(await auditRecordsOf(database.dataSource, task.taskId)).toEqual([]);
    expect(await taskRow(task.taskId)).toMatchObject({ status: 'assigned', version: 0, acknowledged_at: null });

    // Nothing of the refused attempt blocks the same sequence.
    await database.activities.recordTaskChange({
      ...refused,
      notifications: [{ ...refused.notifications![0]!, recipientUnitId: task.issuerUnitId }],
    });
    expect(await taskRow(task.taskId)).toMatchObject({ status: 'acknowledged', version: 1 });
    expect(await auditRecordsOf(database.dataSource, task.taskId)).toHaveLength(1);
  });

  it('leaves no trace of a change whose text PostgreSQL cannot store (a NUL character in the progress note)', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const change = taskChange(task, 1, 'assigned', 'in_progress', {
      patch: { progressPercent: 10, progressNote: 'nửa\u0000chừng' },
    });

    await expect(database.activities.recordTaskChange(change)).rejects.toThrow(/0x00/);

    expect(await rowsOf(database.dataSource, 'task_events', 'task_id', task.taskId)).toEqual([]);
    expect(await auditRecordsOf(database.dataSource, task.taskId)).toEqual([]);
    expect(await taskRow(task.taskId)).toMatchObject({
      status: 'assigned',
      version: 0,
      progress_percent: 0,
      progress_note: null,
    });
  });

  it('inserts a reassigned task’s successor with the change that closes it, once', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const newUnit = await seedUnit(database.dataSource);
    const successorId = randomUUID();
    const change = taskChange(task, 1, 'assigned', 'reassigned', {
      action: 'reassign',
      patch: { reassignedToTaskId: successorId, closedAt: '2026-12-01T08:01:00.000Z' },
      successor: { taskId: successorId, unitId: newUnit, role: 'coordinate', dueAt: '2027-01-15T10:00:00.000Z' },
    });

    await database.activities.recordTaskChange(change);
    await database.activities.recordTaskChange(change);

    const successors = await rowsOf<Record<string, unknown>>(
      database.dataSource,
      'tasks',
      'reassigned_from_task_id',
      task.taskId,
    );
    expect(successors).toEqual([
      expect.objectContaining({
        id: successorId,
        directive_id: task.directiveId,
        unit_id: newUnit,
        role: 'coordinate',
        status: 'assigned',
        instructions: 'Báo cáo trước hạn',
        due_at: new Date('2027-01-15T10:00:00.000Z'),
        original_due_at: new Date('2027-01-15T10:00:00.000Z'),
        version: 0,
      }),
    ]);
    expect(await taskRow(task.taskId)).toMatchObject({ status: 'reassigned', version: 1 });
  });
});
