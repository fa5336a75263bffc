/**
 * Writes one task change to the read model in one transaction. The event row is the
 * idempotency guard: when it already exists the whole change was applied before, so a retried
 * activity writes nothing twice. The catalogue events the change causes go to the outbox in the
 * same transaction, so they are written exactly when the change is.
 */
import { isTerminal } from '@dondoc/domain';
import type { EntityManager } from 'typeorm';
import { appendAuditRecord, toJsonValue } from '@dondoc/audit';
import type { TaskChange, TaskPatch } from '@dondoc/workflows/unit-task/task-change';
import { writeOutboxEvents } from '../delivery/outbox-writes';
import { causesEvents, eventsOfTaskChange } from './task-change-events';
import { taskEventId } from './task-event-id';

/** What the projection needs besides the change: the base of the events' links for people. */
export interface ProjectionOptions {
  /** `DONDOC_PUBLIC_URL`, from the worker's settings. */
  publicUrl: string;
}

const PATCH_COLUMNS: Record<keyof TaskPatch, string> = {
  dueAt: 'due_at',
  progressPercent: 'progress_percent',
  progressNote: 'progress_note',
  report: 'report',
  returnReason: 'return_reason',
  escalated: 'escalated',
  acknowledgedAt: 'acknowledged_at',
  submittedAt: 'submitted_at',
  completedAt: 'completed_at',
  closedAt: 'closed_at',
  reassignedToTaskId: 'reassigned_to_task_id',
  assignee: 'assignee',
};

/** Applies a change and appends its audit record; returns false when it had been applied already. */
export async function applyTaskChange(
  db: EntityManager,
  change: TaskChange,
  options: ProjectionOptions,
): Promise<boolean> {
  if (!(await projectTaskChange(db, change, options))) return false;
  // Last: the audit chain's lock is held until this transaction commits.
  await appendAuditRecord(db, {
    actor: change.actor,
    unitId: change.actorUnitId ?? null,
    action: `task.${change.action}`,
    targetType: 'task',
    targetId: change.taskId,
    before: { status: change.fromStatus },
    after: toJsonValue({ status: change.toStatus, ...change.patch, data: change.data }),
    requestId: change.httpRequestId ?? null,
    at: change.occurredAt,
  });
  return true;
}

/**
 * The read model's part of a change (event, task row, notices, escalation, extension request,
 * outbox events), without its audit record; false when it had been applied already. Only
 * {@link applyTaskChange} and the audit benchmark's baseline call it: every real change is audited.
 */
export async function projectTaskChange(
  db: EntityManager,
  change: TaskChange,
  options: ProjectionOptions,
): Promise<boolean> {
  // Most changes (progress, acknowledgements) cause no catalogue event: their event row and task
  // row go in one statement, a round trip fewer for the busiest kind of action (bench/actions).
  if (causesEvents(change)) {
    if (!(await insertEvent(db, change))) return false;
    // Before the row moves: the events carry the deadline in force before the change (or the patch's).
    await writeEvents(db, change, options);
    await updateTaskRow(db, change);
  } else if (!(await insertEventAndMoveRow(db, change))) return false;
  await writeNotifications(db, change);
  await applyEscalationChange(db, change);
  await applyExtensionRequestChange(db, change);
  if (change.successor !== undefined) await insertSuccessor(db, change);
  if (change.frozenAttachmentIds !== undefined) await freezeAttachments(db, change, change.frozenAttachmentIds);
  if (isTerminal(change.toStatus)) await closeLeftovers(db, change);
  return true;
}

const INSERT_EVENT = `INSERT INTO task_events (id, task_id, directive_id, sequence, actor, action, from_status, to_status, data, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO NOTHING RETURNING id`;

/** The event row's values, $1–$10 of {@link INSERT_EVENT}; $2 is the task id and $4 the sequence. */
function eventParams(change: TaskChange): unknown[] {
  return [
    taskEventId(change.taskId, change.sequence),
    change.taskId,
    change.directiveId,
    change.sequence,
    change.actor,
    change.action,
    change.fromStatus,
    change.toStatus,
    JSON.stringify(change.data),
    change.occurredAt,
  ];
}

/** Writes the change's event row; false when it was there already (the change was applied before). */
async function insertEvent(db: EntityManager, change: TaskChange): Promise<boolean> {
  const inserted: unknown[] = await db.query(INSERT_EVENT, eventParams(change));
  return inserted.length > 0;
}

/**
 * The event row and the task row in one statement: the row moves only when the event was new,
 * so a retried change still writes nothing twice. False when the event was there already.
 */
async function insertEventAndMoveRow(db: EntityManager, change: TaskChange): Promise<boolean> {
  const params = eventParams(change);
  const sets = taskRowSets(change, params, 8);
  const inserted: unknown[] = await db.query(
    `WITH event AS (${INSERT_EVENT}),
     moved AS (UPDATE tasks SET ${sets.join(', ')} WHERE id = $2 AND version < $4 AND EXISTS (SELECT 1 FROM event))
     SELECT id FROM event`,
    params,
  );
  return inserted.length > 0;
}

/** The change's catalogue events (it causes some), with what the read model knows of its task and directive. */
async function writeEvents(db: EntityManager, change: TaskChange, options: ProjectionOptions): Promise<void> {
  const rows: { unit_id: string; due_at: Date; number: string | null; subject: string | null }[] = await db.query(
    `SELECT t.unit_id, t.due_at, d.number, d.subject FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE t.id = $1`,
    [change.taskId],
  );
  const task = rows[0];
  // No row, no context; the task's own update below then writes nothing either, as before.
  if (task === undefined) return;
  const context = {
    unitId: task.unit_id,
    dueAt: task.due_at.toISOString(),
    directiveNumber: task.number,
    directiveSubject: task.subject,
    publicUrl: options.publicUrl,
  };
  await writeOutboxEvents(db, eventsOfTaskChange(change, context));
}

/**
 * The SET list of the task row's update, its values appended to `params`: status and version
 * (at `$statusAt` and the sequence's placeholder `$sequenceAt`), then the patch's columns.
 */
function taskRowSets(change: TaskChange, params: unknown[], statusAt: number, sequenceAt = 4): string[] {
  const sets = [`status = $${statusAt}`, `version = $${sequenceAt}`, 'updated_at = now()'];
  for (const [key, column] of Object.entries(PATCH_COLUMNS) as [keyof TaskPatch, string][]) {
    if (change.patch[key] === undefined) continue;
    params.push(change.patch[key]);
    // Timestamps that mark a first time are kept once set.
    const keepFirst = key === 'acknowledgedAt';
    sets.push(keepFirst ? `${column} = COALESCE(${column}, $${params.length})` : `${column} = $${params.length}`);
  }
  return sets;
}

async function updateTaskRow(db: EntityManager, change: TaskChange): Promise<void> {
  const params: unknown[] = [change.taskId, change.sequence, change.toStatus];
  const sets = taskRowSets(change, params, 3, 2);
  // Only a newer change moves the row: changes of one task are applied in their sequence order.
  await db.query(`UPDATE tasks SET ${sets.join(', ')} WHERE id = $1 AND version < $2`, params);
}

/**
 * The submission's attachments can no longer be deleted. One deleted since the API checked it
 * breaks ck_attachments_not_deleted_when_frozen, and the whole change is refused (409), so a
 * submission never names a deleted file. A file named again by a later submission keeps the first.
 */
async function freezeAttachments(db: EntityManager, change: TaskChange, ids: string[]): Promise<void> {
  await db.query(
    `UPDATE attachments SET frozen_by_submission = COALESCE(frozen_by_submission, $3),
       submitted_at = COALESCE(submitted_at, $4)
     WHERE id = ANY($1::uuid[]) AND task_id = $2`,
    [ids, change.taskId, taskEventId(change.taskId, change.sequence), change.occurredAt],
  );
}

async function writeNotifications(db: EntityManager, change: TaskChange): Promise<void> {
  const notifications = change.notifications ?? [];
  for (const [index, n] of notifications.entries()) {
    await db.query(
      `INSERT INTO notifications (id, recipient_unit_id, task_id, directive_id, kind, message, scheduled_for, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [
        `${taskEventId(change.taskId, change.sequence)}:${index}`,
        n.recipientUnitId,
        change.taskId,
        change.directiveId,
        n.kind,
        n.message,
        n.scheduledFor,
        change.occurredAt,
      ],
    );
  }
}

async function applyEscalationChange(db: EntityManager, change: TaskChange): Promise<void> {
  const escalation = change.escalation;
  if (escalation === undefined) return;
  switch (escalation.op) {
    case 'open':
      await db.query(
        `INSERT INTO escalations (id, task_id, directive_id, unit_id, coordinating_unit_id, current_unit_id, level, opened_at, status)
         VALUES ($1, $2, $3, $4, $5, $5, 1, $6, 'open') ON CONFLICT (id) DO NOTHING`,
        [
          escalation.escalationId,
          change.taskId,
          change.directiveId,
          escalation.unitId,
          escalation.coordinatingUnitId,
          change.occurredAt,
        ],
      );
      await insertEscalationLevel(db, escalation.escalationId, 1, escalation.coordinatingUnitId, change.occurredAt);
      return;
    case 'climb':
      await db.query(`UPDATE escalations SET level = $2, current_unit_id = $3 WHERE id = $1 AND status = 'open'`, [
        escalation.escalationId,
        escalation.level,
        escalation.coordinatingUnitId,
      ]);
      await insertEscalationLevel(
        db,
        escalation.escalationId,
        escalation.level,
        escalation.coordinatingUnitId,
        change.occurredAt,
      );
      return;
    case 'resolve':
      await db.query(
        `UPDATE escalations SET status = 'resolved', resolution = $2, resolved_at = $3, resolved_by = $4 WHERE id = $1 AND status = 'open'`,
        [escalation.escalationId, JSON.stringify(escalation.resolution), change.occurredAt, change.actor],
      );
      return;
    case 'close':
      await db.query(
        `UPDATE escalations SET status = 'closed', resolution = $2, resolved_at = $3, resolved_by = $4 WHERE id = $1 AND status = 'open'`,
        [
          escalation.escalationId,
          JSON.stringify({ action: change.action, note: 'closed by the task’s own progress' }),
          change.occurredAt,
          change.actor,
        ],
      );
      return;
  }
}

function insertEscalationLevel(
  db: EntityManager,
  escalationId: string,
  level: number,
  unitId: string,
  at: string,
): Promise<unknown> {
  return db.query(
    `INSERT INTO escalation_levels (escalation_id, level, coordinating_unit_id, opened_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (escalation_id, level) DO NOTHING`,
    [escalationId, level, unitId, at],
  );
}

async function applyExtensionRequestChange(db: EntityManager, change: TaskChange): Promise<void> {
  const request = change.extensionRequest;
  if (request === undefined) return;
  switch (request.op) {
    case 'create':
      await db.query(
        `INSERT INTO extension_requests (id, task_id, directive_id, requested_due_at, reason, status, requested_by, requested_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) ON CONFLICT (id) DO NOTHING`,
        [
          request.requestId,
          change.taskId,
          change.directiveId,
          request.requestedDueAt,
          request.reason,
          change.actor,
          change.occurredAt,
        ],
      );
      return;
    case 'decide':
      await db.query(
        `UPDATE extension_requests SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5
         WHERE id = $1 AND status = 'pending'`,
        [
          request.requestId,
          request.approved ? 'approved' : 'rejected',
          change.actor,
          change.occurredAt,
          request.reason,
        ],
      );
      return;
  }
}

async function insertSuccessor(db: EntityManager, change: TaskChange): Promise<void> {
  const successor = change.successor!;
  await db.query(
    `INSERT INTO tasks (id, directive_id, unit_id, role, instructions, due_at, original_due_at, status, reassigned_from_task_id, period, recurrence)
     SELECT $1, directive_id, $2, $3, instructions, $4, $4, 'assigned', id, period, recurrence FROM tasks WHERE id = $5
     ON CONFLICT (id) DO NOTHING`,
    [successor.taskId, successor.unitId, successor.role, successor.dueAt, change.taskId],
  );
}

/** A task that ends leaves nothing pending: open requests are rejected, open escalations closed. */
async function closeLeftovers(db: EntityManager, change: TaskChange): Promise<void> {
  await db.query(
    `UPDATE extension_requests SET status = 'rejected', decided_by = 'system', decided_at = $2, decision_reason = $3
     WHERE task_id = $1 AND status = 'pending'`,
    [change.taskId, change.occurredAt, `the task ended as ${change.toStatus}`],
  );
  await db.query(
    `UPDATE escalations SET status = 'closed', resolved_at = $2, resolved_by = 'system',
       resolution = jsonb_build_object('action', $3::text, 'note', 'the task ended')
     WHERE task_id = $1 AND status = 'open'`,
    [change.taskId, change.occurredAt, change.toStatus],
  );
  await db.query(`UPDATE tasks SET escalated = false WHERE id = $1 AND escalated`, [change.taskId]);
}
