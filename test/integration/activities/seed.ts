/**
 * Rows for the activity tests, written straight to the read model (the activities over it come
 * with ../support/database's `useTestDatabase`). Every id is fresh, so the tests of one file share
 * a database without seeing each other's rows.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Recurrence, TaskRole, TaskStatus } from '@dondoc/domain';
import type { TaskChange } from '@dondoc/workflows/unit-task/task-change';

/** A unit id no other test uses. */
export function unitId(label = 'unit'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

/** Inserts a unit; returns its id. */
export async function seedUnit(
  db: DataSource,
  options: {
    id?: string;
    parentId?: string | null;
    coordinatingUnitId?: string | null;
    escalationGrace?: string | null;
  } = {},
): Promise<string> {
  const id = options.id ?? unitId();
  await db.query(
    `INSERT INTO units (id, name, level, parent_id, coordinating_unit_id, escalation_grace) VALUES ($1, $2, 'province', $3, $4, $5)`,
    [id, `Đơn vị ${id}`, options.parentId ?? null, options.coordinatingUnitId ?? null, options.escalationGrace ?? null],
  );
  return id;
}

/** Inserts an active directive issued by `issuerUnitId`; returns its id. */
export async function seedDirective(
  db: DataSource,
  options: {
    issuerUnitId: string;
    coordinatingUnitId?: string;
    status?: 'active' | 'withdrawn';
    parentDirectiveId?: string;
  },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO directives (id, number, issuer_unit_id, subject, issued_at, coordinating_unit_id, reminder_policy, status, created_by, parent_directive_id)
     VALUES ($1, $2, $3, 'Báo cáo tình hình', now(), $4, '{"before":[]}', $5, 'van.thu', $6)`,
    [
      id,
      `${randomBytes(3).toString('hex')}/UBND`,
      options.issuerUnitId,
      options.coordinatingUnitId ?? options.issuerUnitId,
      options.status ?? 'active',
      options.parentDirectiveId ?? null,
    ],
  );
  return id;
}

/** What a seeded task row starts with. */
export interface SeedTaskOptions {
  directiveId: string;
  unitId: string;
  role?: TaskRole;
  dueAt?: string;
  period?: number | null;
  recurrence?: Recurrence | null;
  reassignedFromTaskId?: string | null;
}

/** Inserts an assigned task at version 0; returns its id. */
export async function seedTask(db: DataSource, options: SeedTaskOptions): Promise<string> {
  const id = randomUUID();
  const dueAt = options.dueAt ?? '2026-12-31T10:00:00.000Z';
  await db.query(
    `INSERT INTO tasks (id, directive_id, unit_id, role, instructions, due_at, original_due_at, status, period, recurrence, reassigned_from_task_id)
     VALUES ($1, $2, $3, $4, 'Báo cáo trước hạn', $5, $5, 'assigned', $6, $7, $8)`,
    [
      id,
      options.directiveId,
      options.unitId,
      options.role ?? 'lead',
      dueAt,
      options.period ?? null,
      options.recurrence === undefined || options.recurrence === null ? null : JSON.stringify(options.recurrence),
      options.reassignedFromTaskId ?? null,
    ],
  );
  return id;
}

/** A unit, a directive it issues and one task of it assigned to a second unit. */
export interface SeededTask {
  issuerUnitId: string;
  unitId: string;
  directiveId: string;
  taskId: string;
}

/** Seeds {@link SeededTask}. */
export async function seedAssignedTask(db: DataSource): Promise<SeededTask> {
  const issuerUnitId = await seedUnit(db);
  const assignee = await seedUnit(db, { parentId: issuerUnitId });
  const directiveId = await seedDirective(db, { issuerUnitId });
  const taskId = await seedTask(db, { directiveId, unitId: assignee });
  return { issuerUnitId, unitId: assignee, directiveId, taskId };
}

/** A task change as a workflow would send it, from `fromStatus` to `toStatus`; `overrides` win. */
export function taskChange(
  task: Pick<SeededTask, 'taskId' | 'directiveId'>,
  sequence: number,
  fromStatus: TaskStatus | null,
  toStatus: TaskStatus,
  overrides: Partial<TaskChange> = {},
): TaskChange {
  return {
    taskId: task.taskId,
    directiveId: task.directiveId,
    sequence,
    actor: 'chuyen.vien',
    actorUnitId: null,
    httpRequestId: null,
    action: 'progress',
    fromStatus,
    toStatus,
    occurredAt: new Date(Date.UTC(2026, 11, 1, 8, sequence)).toISOString(),
    patch: {},
    data: {},
    ...overrides,
  };
}

/** Rows of `table` whose `column` is `value`, as the pg driver returns them. */
export function rowsOf<T = Record<string, unknown>>(
  db: DataSource,
  table: string,
  column: string,
  value: string,
  orderBy = '1',
): Promise<T[]> {
  return db.query(`SELECT * FROM ${table} WHERE ${column} = $1 ORDER BY ${orderBy}`, [value]);
}

/** The audit records about one target, oldest first. */
export function auditRecordsOf(
  db: DataSource,
  targetId: string,
): Promise<
  { seq: string; actor: string; action: string; before: unknown; after: unknown; request_id: string | null }[]
> {
  return db.query(
    `SELECT seq, actor, action, before, after, request_id FROM audit_records WHERE target_id = $1 ORDER BY seq`,
    [targetId],
  );
}
