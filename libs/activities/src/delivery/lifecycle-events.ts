/**
 * Events of task changes that are not a workflow's task change: a task's start (`task.assigned`,
 * written where its activation is marked) and the cancellation of a task whose workflow never
 * started (`directive.withdrawn`, written by `cancelUnstartedTasks`). Each is keyed by its cause,
 * so a repeated activation or cancellation writes nothing new.
 */
import {
  EVENT_CATALOGUE_VERSION,
  eventId,
  taskLink,
  type AnyDondocEvent,
  type EventActor,
  type TaskRole,
} from '@dondoc/domain';
import type { Queryable } from './outbox-claims';
import { writeOutboxEvents } from './outbox-writes';

/** The cause key of a task's start: one per task, whenever and however often it is marked. */
export const ASSIGNED_CAUSE = 'assigned';

interface TaskContextRow {
  id: string;
  unit_id: string;
  role: TaskRole;
  due_at: Date;
  directive_id: string;
  number: string;
  subject: string;
  withdrawn_reason: string | null;
}

async function taskContexts(db: Queryable, taskIds: readonly string[]): Promise<TaskContextRow[]> {
  if (taskIds.length === 0) return [];
  return db.query(
    `SELECT t.id, t.unit_id, t.role, t.due_at, t.directive_id, d.number, d.subject, d.withdrawn_reason
     FROM tasks t JOIN directives d ON d.id = t.directive_id WHERE t.id = ANY($1::uuid[])`,
    [taskIds],
  );
}

function envelope(row: TaskContextRow, occurredAt: string, publicUrl: string) {
  return {
    version: EVENT_CATALOGUE_VERSION,
    occurredAt,
    directiveId: row.directive_id,
    directiveNumber: row.number,
    directiveSubject: row.subject,
    taskId: row.id,
    unitId: row.unit_id,
    dueAt: row.due_at.toISOString(),
    link: taskLink(publicUrl, row.id),
  } as const;
}

/** Writes `task.assigned` for each task whose workflow has started (its activation instant `at`). */
export async function writeAssignedEvents(
  db: Queryable,
  taskIds: readonly string[],
  at: string,
  publicUrl: string,
): Promise<void> {
  const events: AnyDondocEvent[] = (await taskContexts(db, taskIds)).map((row) => ({
    ...envelope(row, at, publicUrl),
    id: eventId('task.assigned', `${row.id}:${ASSIGNED_CAUSE}`),
    type: 'task.assigned',
    data: { role: row.role, assigneeSub: null },
  }));
  await writeOutboxEvents(db, events);
}

/**
 * Writes `directive.withdrawn` for tasks cancelled before their workflows started, keyed by the
 * cancellation's task event (`<taskId>:<cause>`), so each unit learns its task is void.
 */
export async function writeWithdrawnBeforeStartEvents(
  db: Queryable,
  taskIds: readonly string[],
  cause: string,
  by: EventActor,
  publicUrl: string,
): Promise<void> {
  const at = new Date().toISOString();
  const events: AnyDondocEvent[] = (await taskContexts(db, taskIds)).map((row) => ({
    ...envelope(row, at, publicUrl),
    id: eventId('directive.withdrawn', `${row.id}:${cause}`),
    type: 'directive.withdrawn',
    data: { by, reason: row.withdrawn_reason ?? '' },
  }));
  await writeOutboxEvents(db, events);
}
