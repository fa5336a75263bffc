/**
 * The records a task change writes beside the task's own rows: notices, escalations and their
 * levels, extension requests, a reassignment's successor, a submission's frozen attachments, and
 * what a task that ends leaves pending. Each write is idempotent on its own key, as the change is.
 */
import type { EntityManager } from 'typeorm';
import type { TaskChange } from '@dondoc/workflows/unit-task/task-change';
import { taskEventId } from './task-event-id';

/**
 * The submission's attachments can no longer be deleted. One deleted since the API checked it
 * breaks ck_attachments_not_deleted_when_frozen, and the whole change is refused (409), so a
 * submission never names a deleted file. A file named again by a later submission keeps the first.
 */
export async function freezeAttachments(db: EntityManager, change: TaskChange, ids: string[]): Promise<void> {
  await db.query(
    `UPDATE attachments SET frozen_by_submission = COALESCE(frozen_by_submission, $3),
       submitted_at = COALESCE(submitted_at, $4)
     WHERE id = ANY($1::uuid[]) AND task_id = $2`,
    [ids, change.taskId, taskEventId(change.taskId, change.sequence), change.occurredAt],
  );
}

/** The change's notices, one row each, keyed by the change's event and their place in it. */
export async function writeNotifications(db: EntityManager, change: TaskChange): Promise<void> {
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

/** Opens, climbs, resolves or closes the escalation the change names. */
export async function applyEscalationChange(db: EntityManager, change: TaskChange): Promise<void> {
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

/** The level an escalation reached, once per level. */
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

/** Creates or decides the extension request the change names. */
export async function applyExtensionRequestChange(db: EntityManager, change: TaskChange): Promise<void> {
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

/** The task a reassignment hands the work to, copied from the task it replaces. */
export async function insertSuccessor(
  db: EntityManager,
  change: TaskChange,
  successor: NonNullable<TaskChange['successor']>,
): Promise<void> {
  await db.query(
    `INSERT INTO tasks (id, directive_id, unit_id, role, instructions, due_at, original_due_at, status, reassigned_from_task_id, period, recurrence)
     SELECT $1, directive_id, $2, $3, instructions, $4, $4, 'assigned', id, period, recurrence FROM tasks WHERE id = $5
     ON CONFLICT (id) DO NOTHING`,
    [successor.taskId, successor.unitId, successor.role, successor.dueAt, change.taskId],
  );
}

/** A task that ends leaves nothing pending: open requests are rejected, open escalations closed. */
export async function closeLeftovers(db: EntityManager, change: TaskChange): Promise<void> {
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
