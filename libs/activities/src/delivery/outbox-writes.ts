/**
 * Writing events to the outbox, inside the transaction of the change that caused them: the row
 * commits with the change or not at all, and its id (the catalogue's stable event id) makes a
 * repeat of the same cause a no-op.
 */
import type { AnyDondocEvent } from '@dondoc/domain';
import type { EntityManager } from 'typeorm';

const COLUMNS = ['id', 'type', 'version', 'task_id', 'directive_id', 'unit_id', 'occurred_at', 'payload'] as const;

/** Inserts `events` in one statement, skipping any already written; returns the ids this call wrote. */
export async function writeOutboxEvents(
  db: Pick<EntityManager, 'query'>,
  events: readonly AnyDondocEvent[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const params: unknown[] = [];
  const rows = events.map((event) => {
    params.push(
      event.id,
      event.type,
      event.version,
      event.taskId,
      event.directiveId,
      event.unitId,
      event.occurredAt,
      JSON.stringify(event),
    );
    const first = params.length - COLUMNS.length + 1;
    return `(${COLUMNS.map((_, index) => `$${first + index}`).join(', ')})`;
  });
  const written: { id: string }[] = await db.query(
    `INSERT INTO outbox_events (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING RETURNING id`,
    params,
  );
  return written.map((row) => row.id);
}
