import type { DataSource } from 'typeorm';
import { FieldErrors } from '../errors/errors';
import { decodeCursor, encodeCursor, type Page } from '../pagination/pagination';
import type { TaskEventView } from './tasks.dto';

/** One row of the merged timeline query: a workflow change or a comment. */
interface TimelineRow {
  seq: number;
  rank: number;
  at_key: string;
  at: Date;
  id: string;
  kind: 'change' | 'comment';
  actor: string;
  action: string;
  from_status: string | null;
  to_status: string;
  data: Record<string, unknown> | null;
  comment_unit_id: string | null;
  comment_text: string | null;
  comment_edited_at: Date | null;
  comment_deleted_at: Date | null;
}

/*
 * Why this order: the workflow's changes keep their numbered order exactly (sequence, as without
 * comments), and each comment sits right after the last change that had happened when it was
 * written (rank 1 after rank 0), comments among themselves by time. The sort key is unique
 * (seq, rank, at, id), so keyset paging over the union never skips or repeats an entry.
 * A comment shows the task's status at that point as both from and to: a comment changes nothing.
 */
const TIMELINE_SQL = `
WITH timeline AS (
  SELECT e.sequence AS seq, 0 AS rank, e.occurred_at AS at, e.id AS id, 'change' AS kind,
         e.actor, e.action, e.from_status, e.to_status, e.data,
         NULL::text AS comment_unit_id, NULL::text AS comment_text,
         NULL::timestamptz AS comment_edited_at, NULL::timestamptz AS comment_deleted_at
    FROM task_events e
   WHERE e.task_id = $1
  UNION ALL
  SELECT coalesce(before.sequence, 0), 1, c.created_at, c.id::text, 'comment',
         c.author_sub, 'comment', coalesce(before.to_status, t.status), coalesce(before.to_status, t.status), NULL,
         c.author_unit_id, CASE WHEN c.deleted_at IS NULL THEN c.text END,
         c.edited_at, c.deleted_at
    FROM task_comments c
    JOIN tasks t ON t.id = c.task_id
    LEFT JOIN LATERAL (
      SELECT e2.sequence, e2.to_status FROM task_events e2
       WHERE e2.task_id = c.task_id AND e2.occurred_at <= c.created_at
       ORDER BY e2.sequence DESC LIMIT 1
    ) before ON true
   WHERE c.task_id = $1
)
SELECT seq, rank, at, id, kind, actor, action, from_status, to_status, data,
       comment_unit_id, comment_text, comment_edited_at, comment_deleted_at,
       to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key
  FROM timeline
 WHERE $2::int IS NULL OR (seq, rank, at, id) > ($2::int, $3::int, $4::timestamptz, $5::text)
 ORDER BY seq, rank, at, id
 LIMIT $6`;

/** A cursor of this timeline: [sequence, rank, instant, id], as {@link taskTimelinePage} writes it. */
function isTimelineKey(key: (string | number)[]): boolean {
  const [seq, rank, at, id] = key;
  return (
    Number.isInteger(seq) &&
    Number.isInteger(rank) &&
    typeof at === 'string' &&
    !Number.isNaN(Date.parse(at)) &&
    typeof id === 'string'
  );
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

function timelineView(taskId: string, row: TimelineRow): TaskEventView {
  const base = {
    id: row.id,
    taskId,
    sequence: row.seq,
    actor: row.actor,
    action: row.action,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    occurredAt: row.at.toISOString(),
  };
  if (row.kind === 'change') return { ...base, kind: 'change', data: row.data ?? {} };
  return {
    ...base,
    kind: 'comment',
    data: {
      commentId: row.id,
      authorUnitId: row.comment_unit_id,
      text: row.comment_text,
      editedAt: iso(row.comment_edited_at),
      deletedAt: iso(row.comment_deleted_at),
    },
  };
}

/**
 * A task's history with its comments merged in (`GET /tasks/:id/events?include=comments`), one
 * keyset page; the caller has already checked that the task is in scope. Its cursor has its own
 * shape, so a cursor of the plain history is refused rather than misread.
 */
export async function taskTimelinePage(
  dataSource: DataSource,
  taskId: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<TaskEventView>> {
  const after = decodeCursor(cursor, 4);
  if (after !== null && !isTimelineKey(after)) {
    throw new FieldErrors([{ field: 'cursor', problem: 'is not a cursor this API gave out' }]);
  }
  const rows: TimelineRow[] = await dataSource.query(TIMELINE_SQL, [
    taskId,
    ...(after ?? [null, null, null, null]),
    limit + 1,
  ]);
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    items: kept.map((row) => timelineView(taskId, row)),
    nextCursor:
      rows.length > limit && last !== undefined ? encodeCursor([last.seq, last.rank, last.at_key, last.id]) : null,
  };
}
