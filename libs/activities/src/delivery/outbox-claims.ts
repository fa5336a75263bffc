/**
 * The outbox dispatcher's claim primitive: several workers share the outbox without sending one
 * event at the same time. A claim takes up to N rows that are due, not dispatched and not under
 * a live lease, skipping rows another claimer has locked (`FOR UPDATE SKIP LOCKED`), and leases
 * them to the claimer. A worker that dies lets its lease lapse, and the rows are claimed again:
 * delivery is at least once, with the event's stable id for the receiver to remove repeats.
 */
import type { AnyDondocEvent, EventType } from '@dondoc/domain';
import type { EntityManager } from 'typeorm';

// Each UPDATE is wrapped in a CTE and read by a SELECT: TypeORM answers a bare UPDATE … RETURNING
// with [rows, rowCount] rather than the rows.

/** Something that runs SQL: a data source, or an entity manager inside a transaction. */
export type Queryable = Pick<EntityManager, 'query'>;

/** One event leased to a claimer. */
export interface ClaimedOutboxEvent {
  id: string;
  type: EventType;
  payload: AnyDondocEvent;
  /** Failed dispatches before this claim. */
  attempts: number;
  /** The lease's end: past it another claimer may take the row. */
  claimedUntil: Date;
}

/** How much to claim and for how long. */
export interface ClaimRequest {
  /** Who claims: unique per dispatcher loop (a worker's identity and a random part), so a lapsed lease is never mistaken for one's own. */
  claimer: string;
  limit: number;
  /** How long the claimer may hold the rows before another may take them. */
  leaseMs: number;
}

interface ClaimRow {
  id: string;
  type: EventType;
  payload: AnyDondocEvent;
  attempts: number;
  claimed_until: Date;
}

/**
 * Leases up to `limit` due rows to `claimer`, oldest availability first. Rows locked by a
 * concurrent claim are skipped, not waited for, so two claimers never get the same row and
 * neither blocks the other.
 */
export async function claimOutboxEvents(db: Queryable, request: ClaimRequest): Promise<ClaimedOutboxEvent[]> {
  if (!Number.isInteger(request.limit) || request.limit < 1)
    throw new RangeError(`limit must be a whole number of at least 1, not ${request.limit}`);
  if (!(request.leaseMs > 0)) throw new RangeError(`leaseMs must be positive, not ${request.leaseMs}`);
  const rows: ClaimRow[] = await db.query(
    `WITH due AS (
       SELECT id FROM outbox_events
       WHERE dispatched_at IS NULL AND available_at <= clock_timestamp()
         AND (claimed_until IS NULL OR claimed_until <= clock_timestamp())
       ORDER BY available_at, id
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE outbox_events o
       SET claimed_by = $1, claimed_until = clock_timestamp() + make_interval(secs => $3::double precision / 1000)
       FROM due WHERE o.id = due.id
       RETURNING o.id, o.type, o.payload, o.attempts, o.claimed_until
     )
     SELECT * FROM claimed`,
    [request.claimer, request.limit, request.leaseMs],
  );
  return rows
    .map((row) => ({
      id: row.id,
      type: row.type,
      payload: row.payload,
      attempts: row.attempts,
      claimedUntil: row.claimed_until,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Marks a claimed row dispatched; false when `claimer` no longer holds it (its lease lapsed and
 * another claimed it, or it was dispatched already), in which case the other claimer's outcome stands.
 */
export async function markOutboxEventDispatched(db: Queryable, id: string, claimer: string): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `WITH marked AS (
       UPDATE outbox_events SET dispatched_at = clock_timestamp(), claimed_by = NULL, claimed_until = NULL
       WHERE id = $1 AND claimed_by = $2 AND dispatched_at IS NULL RETURNING id
     )
     SELECT id FROM marked`,
    [id, claimer],
  );
  return rows.length > 0;
}

/** Why a dispatch failed and when the row may be claimed again. */
export interface OutboxRelease {
  error: string;
  /** Not claimed again before this instant (the back-off); at once when omitted. */
  retryAt?: Date;
}

/**
 * Gives a claimed row back after a failed dispatch: the lease ends, `attempts` grows by one and
 * the error is kept. False when `claimer` no longer holds the row.
 */
export async function releaseOutboxEvent(
  db: Queryable,
  id: string,
  claimer: string,
  release: OutboxRelease,
): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `WITH released AS (
       UPDATE outbox_events
       SET claimed_by = NULL, claimed_until = NULL, attempts = attempts + 1, last_error = $3,
           available_at = GREATEST(clock_timestamp(), COALESCE($4::timestamptz, clock_timestamp()))
       WHERE id = $1 AND claimed_by = $2 AND dispatched_at IS NULL RETURNING id
     )
     SELECT id FROM released`,
    [id, claimer, release.error, release.retryAt?.toISOString() ?? null],
  );
  return rows.length > 0;
}

/** How many events wait to be dispatched, and since when the oldest: the backlog `/health` can report. */
export async function outboxBacklog(db: Queryable): Promise<{ pending: number; oldestAvailableAt: Date | null }> {
  const rows: { pending: string; oldest: Date | null }[] = await db.query(
    `SELECT count(*) AS pending, min(available_at) AS oldest FROM outbox_events WHERE dispatched_at IS NULL`,
  );
  const row = rows[0];
  return { pending: Number(row?.pending ?? 0), oldestAvailableAt: row?.oldest ?? null };
}
