/**
 * The escalation and extension-request rows a task change writes, on a real PostgreSQL database:
 * an escalation opens, climbs and is resolved or closed; a request is created and decided; a
 * task that ends leaves neither pending.
 */
import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '../support/database';
import { auditRecordsOf, rowsOf, seedAssignedTask, seedUnit, taskChange } from './seed';

interface EscalationRow {
  status: string;
  level: number;
  coordinating_unit_id: string;
  current_unit_id: string;
  unit_id: string;
  resolution: unknown;
  resolved_by: string | null;
  resolved_at: Date | null;
}

interface ExtensionRequestRow {
  status: string;
  requested_by: string;
  requested_due_at: Date;
  reason: string;
  decided_by: string | null;
  decision_reason: string | null;
}

describe('escalation and extension-request rows', () => {
  const database = useTestDatabase();

  const escalation = async (id: string): Promise<EscalationRow> =>
    (await rowsOf<EscalationRow>(database.dataSource, 'escalations', 'id', id))[0]!;
  const levels = (id: string): Promise<{ level: number; coordinating_unit_id: string }[]> =>
    database.dataSource.query(
      `SELECT level, coordinating_unit_id FROM escalation_levels WHERE escalation_id = $1 ORDER BY level`,
      [id],
    );
  const escalatedFlag = async (taskId: string): Promise<boolean> =>
    (await rowsOf<{ escalated: boolean }>(database.dataSource, 'tasks', 'id', taskId))[0]!.escalated;

  it('opens an escalation at level 1, climbs it to level 2, and resolves it with the resolution and who gave it', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const coordinator = await seedUnit(database.dataSource);
    const higher = await seedUnit(database.dataSource);
    const escalationId = randomUUID();

    await database.activities.recordTaskChange(
      taskChange(task, 1, 'assigned', 'assigned', {
        action: 'escalate',
        actor: 'system',
        patch: { escalated: true },
        escalation: { op: 'open', escalationId, coordinatingUnitId: coordinator, unitId: task.unitId },
        notifications: [
          {
            recipientUnitId: coordinator,
            kind: 'escalation',
            message: 'Nhiệm vụ quá hạn',
            scheduledFor: '2026-12-01T08:01:00.000Z',
          },
        ],
      }),
    );
    expect(await escalation(escalationId)).toMatchObject({
      status: 'open',
      level: 1,
      unit_id: task.unitId,
      coordinating_unit_id: coordinator,
      current_unit_id: coordinator,
    });
    expect(await levels(escalationId)).toEqual([{ level: 1, coordinating_unit_id: coordinator }]);
    expect(await escalatedFlag(task.taskId)).toBe(true);
    expect(await rowsOf(database.dataSource, 'notifications', 'recipient_unit_id', coordinator)).toEqual([
      expect.objectContaining({ kind: 'escalation', task_id: task.taskId }),
    ]);

    const climb = taskChange(task, 2, 'assigned', 'assigned', {
      action: 'escalate_up',
      actor: 'system',
      escalation: { op: 'climb', escalationId, level: 2, coordinatingUnitId: higher },
    });
    await database.activities.recordTaskChange(climb);
    await database.activities.recordTaskChange(climb);
    // The first body stays the escalation's coordinating unit; the current one moves up.
    expect(await escalation(escalationId)).toMatchObject({
      status: 'open',
      level: 2,
      coordinating_unit_id: coordinator,
      current_unit_id: higher,
    });
    expect(await levels(escalationId)).toEqual([
      { level: 1, coordinating_unit_id: coordinator },
      { level: 2, coordinating_unit_id: higher },
    ]);

    await database.activities.recordTaskChange(
      taskChange(task, 3, 'assigned', 'assigned', {
        action: 'extend',
        actor: 'lanh.dao',
        patch: { dueAt: '2027-01-10T10:00:00.000Z', escalated: false },
        escalation: {
          op: 'resolve',
          escalationId,
          resolution: { action: 'extend', note: 'gia hạn một lần', dueAt: '2027-01-10T10:00:00.000Z' },
        },
      }),
    );
    const resolved = await escalation(escalationId);
    expect(resolved).toMatchObject({
      status: 'resolved',
      level: 2,
      resolved_by: 'lanh.dao',
      resolution: { action: 'extend', note: 'gia hạn một lần', dueAt: '2027-01-10T10:00:00.000Z' },
    });
    expect(resolved.resolved_at?.toISOString()).toBe(taskChange(task, 3, null, 'assigned').occurredAt);
    expect(await escalatedFlag(task.taskId)).toBe(false);
    expect((await auditRecordsOf(database.dataSource, task.taskId)).map((a) => a.action)).toEqual([
      'task.escalate',
      'task.escalate_up',
      'task.extend',
    ]);
  });

  it('leaves a resolved escalation resolved when a later change tries to climb or close it', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const coordinator = await seedUnit(database.dataSource);
    const higher = await seedUnit(database.dataSource);
    const escalationId = randomUUID();
    await database.activities.recordTaskChange(
      taskChange(task, 1, 'assigned', 'assigned', {
        action: 'escalate',
        escalation: { op: 'open', escalationId, coordinatingUnitId: coordinator, unitId: task.unitId },
      }),
    );
    await database.activities.recordTaskChange(
      taskChange(task, 2, 'assigned', 'assigned', {
        action: 'waive',
        escalation: { op: 'resolve', escalationId, resolution: { action: 'remind', note: null } },
      }),
    );

    await database.activities.recordTaskChange(
      taskChange(task, 3, 'assigned', 'assigned', {
        action: 'escalate_up',
        escalation: { op: 'climb', escalationId, level: 2, coordinatingUnitId: higher },
      }),
    );
    await database.activities.recordTaskChange(
      taskChange(task, 4, 'assigned', 'in_progress', { escalation: { op: 'close', escalationId } }),
    );

    expect(await escalation(escalationId)).toMatchObject({
      status: 'resolved',
      level: 1,
      current_unit_id: coordinator,
      resolution: { action: 'remind', note: null },
    });
    // The level row of the late climb is written all the same: only the escalation row is guarded by its status.
    expect((await levels(escalationId)).map((l) => l.level)).toEqual([1, 2]);
  });

  it('closes an open escalation when the task’s own progress makes it moot', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const coordinator = await seedUnit(database.dataSource);
    const escalationId = randomUUID();
    await database.activities.recordTaskChange(
      taskChange(task, 1, 'assigned', 'assigned', {
        action: 'escalate',
        escalation: { op: 'open', escalationId, coordinatingUnitId: coordinator, unitId: task.unitId },
      }),
    );

    await database.activities.recordTaskChange(
      taskChange(task, 2, 'assigned', 'submitted', {
        action: 'submit',
        actor: 'chuyen.vien',
        patch: { escalated: false },
        escalation: { op: 'close', escalationId },
      }),
    );

    expect(await escalation(escalationId)).toMatchObject({
      status: 'closed',
      resolved_by: 'chuyen.vien',
      resolution: { action: 'submit', note: 'closed by the task’s own progress' },
    });
  });

  it('creates an extension request as pending and records who decided it and why', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const approvedId = randomUUID();
    const rejectedId = randomUUID();
    await database.activities.recordTaskChange(
      taskChange(task, 1, 'assigned', 'in_progress', {
        action: 'request_extension',
        extensionRequest: {
          op: 'create',
          requestId: approvedId,
          requestedDueAt: '2027-02-01T10:00:00.000Z',
          reason: 'Chờ số liệu của Sở',
        },
      }),
    );
    expect(
      (await rowsOf<ExtensionRequestRow>(database.dataSource, 'extension_requests', 'id', approvedId))[0],
    ).toMatchObject({
      status: 'pending',
      requested_by: 'chuyen.vien',
      requested_due_at: new Date('2027-02-01T10:00:00.000Z'),
      reason: 'Chờ số liệu của Sở',
      decided_by: null,
    });

    await database.activities.recordTaskChange(
      taskChange(task, 2, 'in_progress', 'in_progress', {
        action: 'approve_extension',
        actor: 'lanh.dao',
        patch: { dueAt: '2027-02-01T10:00:00.000Z' },
        extensionRequest: { op: 'decide', requestId: approvedId, approved: true, reason: null },
      }),
    );
    // A second decision on a decided request changes nothing.
    await database.activities.recordTaskChange(
      taskChange(task, 3, 'in_progress', 'in_progress', {
        action: 'reject_extension',
        actor: 'nguoi.khac',
        extensionRequest: { op: 'decide', requestId: approvedId, approved: false, reason: 'muộn' },
      }),
    );
    expect(
      (await rowsOf<ExtensionRequestRow>(database.dataSource, 'extension_requests', 'id', approvedId))[0],
    ).toMatchObject({
      status: 'approved',
      decided_by: 'lanh.dao',
      decision_reason: null,
    });
    expect((await rowsOf<{ due_at: Date }>(database.dataSource, 'tasks', 'id', task.taskId))[0]!.due_at).toEqual(
      new Date('2027-02-01T10:00:00.000Z'),
    );

    await database.activities.recordTaskChange(
      taskChange(task, 4, 'in_progress', 'in_progress', {
        action: 'request_extension',
        extensionRequest: {
          op: 'create',
          requestId: rejectedId,
          requestedDueAt: '2027-03-01T10:00:00.000Z',
          reason: 'Thêm một tháng',
        },
      }),
    );
    await database.activities.recordTaskChange(
      taskChange(task, 5, 'in_progress', 'in_progress', {
        action: 'reject_extension',
        actor: 'lanh.dao',
        extensionRequest: { op: 'decide', requestId: rejectedId, approved: false, reason: 'Không đủ căn cứ' },
      }),
    );
    expect(
      (await rowsOf<ExtensionRequestRow>(database.dataSource, 'extension_requests', 'id', rejectedId))[0],
    ).toMatchObject({
      status: 'rejected',
      decided_by: 'lanh.dao',
      decision_reason: 'Không đủ căn cứ',
    });
  });

  it('leaves nothing pending when a task ends: open requests are rejected, open escalations closed, the flag cleared', async () => {
    const task = await seedAssignedTask(database.dataSource);
    const coordinator = await seedUnit(database.dataSource);
    const requestId = randomUUID();
    const escalationId = randomUUID();
    await database.activities.recordTaskChange(
      taskChange(task, 1, 'assigned', 'in_progress', {
        action: 'request_extension',
        extensionRequest: {
          op: 'create',
          requestId,
          requestedDueAt: '2027-02-01T10:00:00.000Z',
          reason: 'Chờ số liệu',
        },
      }),
    );
    await database.activities.recordTaskChange(
      taskChange(task, 2, 'in_progress', 'in_progress', {
        action: 'escalate',
        patch: { escalated: true },
        escalation: { op: 'open', escalationId, coordinatingUnitId: coordinator, unitId: task.unitId },
      }),
    );

    // A change that ends the task without naming either: the projection tidies up by itself.
    const ending = taskChange(task, 3, 'in_progress', 'waived', {
      action: 'waive',
      actor: 'lanh.dao',
      patch: { closedAt: '2026-12-01T08:03:00.000Z' },
    });
    await database.activities.recordTaskChange(ending);

    expect(
      (await rowsOf<ExtensionRequestRow>(database.dataSource, 'extension_requests', 'id', requestId))[0],
    ).toMatchObject({
      status: 'rejected',
      decided_by: 'system',
      decision_reason: 'the task ended as waived',
    });
    expect(await escalation(escalationId)).toMatchObject({
      status: 'closed',
      resolved_by: 'system',
      resolution: { action: 'waived', note: 'the task ended' },
    });
    expect(await escalatedFlag(task.taskId)).toBe(false);
  });
});
