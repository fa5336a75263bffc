/**
 * Writes one task change to the read model in one transaction. The event row is the
 * idempotency guard: when it already exists the whole change was applied before, so a retried
 * activity writes nothing twice. The catalogue events the change causes go to the outbox in the
 * same transaction, so they are written exactly when the change is.
 */
import { isTerminal } from '@dondoc/domain';
import type { EntityManager } from 'typeorm';
import { appendAuditRecord, toJsonValue } from '@dondoc/audit';
import type { TaskChange } from '@dondoc/workflows/unit-task/task-change';
import { writeOutboxEvents } from '../delivery/outbox-writes';
import { causesEvents, eventsOfTaskChange } from './task-change-events';
import {
  applyEscalationChange,
  applyExtensionRequestChange,
  closeLeftovers,
  freezeAttachments,
  insertSuccessor,
  writeNotifications,
} from './task-related-writes';
import { insertEvent, insertEventAndMoveRow, updateTaskRow } from './task-row-writes';

/** What the projection needs besides the change: the base of the events' links for people. */
export interface ProjectionOptions {
  /** `DONDOC_PUBLIC_URL`, from the worker's settings. */
  publicUrl: string;
}

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
  if (change.successor !== undefined) await insertSuccessor(db, change, change.successor);
  if (change.frozenAttachmentIds !== undefined) await freezeAttachments(db, change, change.frozenAttachmentIds);
  if (isTerminal(change.toStatus)) await closeLeftovers(db, change);
  return true;
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
