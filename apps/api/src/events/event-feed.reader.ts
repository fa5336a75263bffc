import type { DataSource } from 'typeorm';
import type { AnyDondocEvent } from '@dondoc/domain';
import { FieldErrors } from '../errors/errors';
import { decodeCursor, encodeCursor } from '../pagination/pagination';
import type { Condition } from '../scope/scope';

/** A feed position: the event's `created_at` in whole microseconds since 1970 (as text, exact) and its id. */
export interface FeedPosition {
  createdMicros: string;
  id: string;
}

/** One event of the feed with the position right after it. */
export interface FeedEntry {
  event: AnyDondocEvent;
  position: FeedPosition;
  /** The ids from the root down to the event's unit (itself last); empty for an event of no unit. */
  unitAncestry: readonly string[];
}

/** What {@link readSettledEvents} reads. */
export interface FeedRead {
  /** Start after this position; null: from the first event. */
  after: FeedPosition | null;
  /** Stop at this position (inclusive); left out: up to whatever has settled. */
  upTo?: FeedPosition;
  limit: number;
  /** Only these events (a scope's condition over alias `e`); left out: every event. */
  visible?: Condition;
}

/** Reads a cursor given out as `nextCursor` or as an SSE event id; anything else is a 400 naming `field`. */
export function feedPositionOf(after: string | undefined, field = 'after'): FeedPosition | null {
  let key: (string | number)[] | null;
  try {
    key = decodeCursor(after, 2);
  } catch {
    key = [];
  }
  if (key === null) return null;
  const [createdMicros, id] = key;
  if (typeof createdMicros !== 'string' || !/^\d{1,20}$/.test(createdMicros) || typeof id !== 'string')
    throw new FieldErrors([{ field, problem: 'is not a cursor this API gave out' }]);
  return { createdMicros, id };
}

/** Where the feed continues after this position (opaque to clients). */
export function feedCursorOf(position: FeedPosition): string {
  return encodeCursor([position.createdMicros, position.id]);
}

interface FeedRow {
  id: string;
  created_micros: string;
  payload: AnyDondocEvent;
  unit_ancestry: string[] | null;
}

/**
 * Events of the outbox in the order they were written, one more than `limit` so a caller can tell
 * whether more follow, and only those that have settled.
 *
 * No gaps: an event's `created_at` is its transaction's start, so a transaction that started
 * earlier can commit after later events were read, and a reader that had moved past its position
 * would never see it. So only events written before every transaction still in progress began are
 * answered (read from pg_stat_activity first, in a statement of its own): whatever lies before
 * that instant has committed (or never will), and a later read from the same position finds the
 * rest. This assumes the writers connect as the same role as the API, which they do
 * (DATABASE_URL); another role's sessions would need pg_read_all_stats to be seen.
 */
export async function readSettledEvents(dataSource: DataSource, read: FeedRead): Promise<FeedEntry[]> {
  const settledMicros = await settledInstant(dataSource);
  const qb = dataSource
    .createQueryBuilder()
    .select('e.id', 'id')
    .addSelect(`(extract(epoch FROM e.created_at) * 1000000)::bigint::text`, 'created_micros')
    .addSelect('e.payload', 'payload')
    // The live stream tells whom an event is for in memory, and "a unit below mine" needs this.
    .addSelect('event_unit.ancestry', 'unit_ancestry')
    .from('outbox_events', 'e')
    .leftJoin('units', 'event_unit', 'event_unit.id = e.unit_id')
    .where(`e.created_at < ${AT_MICROS(':settledMicros')}`, { settledMicros })
    .orderBy('e.created_at', 'ASC')
    .addOrderBy('e.id', 'ASC')
    .limit(read.limit + 1);
  if (read.visible !== undefined) qb.andWhere(read.visible.sql, read.visible.params);
  if (read.after !== null)
    qb.andWhere(`(e.created_at, e.id) > (${AT_MICROS(':afterMicros')}, :afterId)`, {
      afterMicros: read.after.createdMicros,
      afterId: read.after.id,
    });
  if (read.upTo !== undefined)
    qb.andWhere(`(e.created_at, e.id) <= (${AT_MICROS(':upToMicros')}, :upToId)`, {
      upToMicros: read.upTo.createdMicros,
      upToId: read.upTo.id,
    });
  const rows = await qb.getRawMany<FeedRow>();
  return rows.map((row) => ({
    event: row.payload,
    position: { createdMicros: row.created_micros, id: row.id },
    unitAncestry: row.unit_ancestry ?? (row.payload.unitId === null ? [] : [row.payload.unitId]),
  }));
}

/**
 * Where a reader that wants only what comes next starts: just before the settled instant, so an
 * event of a transaction still in progress (which may commit with an earlier `created_at` than
 * events already written) is read when it settles, not skipped.
 */
export async function settledFeedPosition(dataSource: DataSource): Promise<FeedPosition> {
  // '' sorts before every event id: the position stands before any event of that microsecond.
  return { createdMicros: await settledInstant(dataSource), id: '' };
}

/** Microseconds since 1970 (as text) before which every transaction has committed or never will. */
async function settledInstant(dataSource: DataSource): Promise<string> {
  const [settled] = await dataSource.query<{ micros: string }[]>(
    `SELECT (extract(epoch FROM LEAST(clock_timestamp(), (
       SELECT min(xact_start) FROM pg_stat_activity
       WHERE datname = current_database() AND backend_type = 'client backend'
         AND xact_start IS NOT NULL AND pid <> pg_backend_pid()
     ))) * 1000000)::bigint::text AS micros`,
  );
  if (settled === undefined) throw new Error('PostgreSQL answered no row for the settled instant');
  return settled.micros;
}

/** A timestamp from microseconds since 1970 held in the named parameter (exact: no float on the way). */
function AT_MICROS(parameter: string): string {
  return `timestamptz 'epoch' + CAST(${parameter} AS bigint) * interval '1 microsecond'`;
}
