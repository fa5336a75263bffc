/**
 * The task's own rows of a change: its event row (the idempotency guard: a change whose event row
 * exists was applied before) and the task row it moves. The projection writes both in one
 * statement when it can, else one after the other (task-projection.ts says when).
 */
import type { EntityManager } from 'typeorm';
import type { TaskChange, TaskPatch } from '@dondoc/workflows/unit-task/task-change';
import { taskEventId } from './task-event-id';

/** The task row's column of each field a change may patch. */
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
export async function insertEvent(db: EntityManager, change: TaskChange): Promise<boolean> {
  const inserted: unknown[] = await db.query(INSERT_EVENT, eventParams(change));
  return inserted.length > 0;
}

/**
 * The event row and the task row in one statement: the row moves only when the event was new,
 * so a retried change still writes nothing twice. False when the event was there already.
 */
export async function insertEventAndMoveRow(db: EntityManager, change: TaskChange): Promise<boolean> {
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

/** Moves the task row to the change's status and patch (after its event row was written on its own). */
export async function updateTaskRow(db: EntityManager, change: TaskChange): Promise<void> {
  const params: unknown[] = [change.taskId, change.sequence, change.toStatus];
  const sets = taskRowSets(change, params, 3, 2);
  // Only a newer change moves the row: changes of one task are applied in their sequence order.
  await db.query(`UPDATE tasks SET ${sets.join(', ')} WHERE id = $1 AND version < $2`, params);
}
