import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AnyDondocEvent } from '@dondoc/domain';
import { FieldErrors } from '../errors/errors';
import { decodeCursor, encodeCursor } from '../pagination/pagination';
import { ScopeService } from '../scope/scope.service';
import type { EventFeedPage } from './events.dto';

/** A feed position: the event's `created_at` in whole microseconds since 1970 (as text, exact) and its id. */
interface FeedPosition {
  createdMicros: string;
  id: string;
}

/** Reads `after`; a cursor this API did not give out is a 400 naming `after`. */
export function feedPositionOf(after: string | undefined): FeedPosition | null {
  let key: (string | number)[] | null;
  try {
    key = decodeCursor(after, 2);
  } catch {
    key = [];
  }
  if (key === null) return null;
  const [createdMicros, id] = key;
  if (typeof createdMicros !== 'string' || !/^\d{1,20}$/.test(createdMicros) || typeof id !== 'string')
    throw new FieldErrors([{ field: 'after', problem: 'is not a cursor this API gave out' }]);
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
}

/**
 * The event feed (GET /events): the outbox's events about the caller's units, in the order they
 * were written, for API clients that cannot receive webhooks.
 *
 * No gaps: an event's `created_at` is its transaction's start, so a transaction that started
 * earlier can commit after later events were read, and a reader that had moved past its position
 * would never see it. So the feed only answers events written before every transaction still in
 * progress began (read from pg_stat_activity first, in a statement of its own): whatever lies
 * before that instant has committed (or never will), and a later read starting from the cursor
 * finds the rest. This assumes the writers connect as the same role as the API, which they do
 * (DATABASE_URL); another role's sessions would need pg_read_all_stats to be seen.
 */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  async list(after: string | undefined, limit: number): Promise<EventFeedPage> {
    const from = feedPositionOf(after);
    const visible = (await this.scope.current()).events('e');
    const [settled] = await this.dataSource.query<{ before: Date }[]>(
      `SELECT LEAST(clock_timestamp(), (
         SELECT min(xact_start) FROM pg_stat_activity
         WHERE datname = current_database() AND backend_type = 'client backend'
           AND xact_start IS NOT NULL AND pid <> pg_backend_pid()
       )) AS before`,
    );
    const qb = this.dataSource
      .createQueryBuilder()
      .select('e.id', 'id')
      .addSelect(`(extract(epoch FROM e.created_at) * 1000000)::bigint::text`, 'created_micros')
      .addSelect('e.payload', 'payload')
      .from('outbox_events', 'e')
      .where(visible.sql, visible.params)
      .andWhere('e.created_at < :settledBefore', { settledBefore: settled?.before ?? new Date() })
      .orderBy('e.created_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(limit + 1);
    if (from !== null)
      qb.andWhere(
        `(e.created_at, e.id) > (timestamptz 'epoch' + CAST(:afterMicros AS bigint) * interval '1 microsecond', :afterId)`,
        { afterMicros: from.createdMicros, afterId: from.id },
      );
    const rows = await qb.getRawMany<FeedRow>();
    const kept = rows.slice(0, limit);
    const last = kept[kept.length - 1];
    return {
      items: kept.map((row) => row.payload),
      nextCursor:
        last !== undefined ? feedCursorOf({ createdMicros: last.created_micros, id: last.id }) : (after ?? null),
      hasMore: rows.length > limit,
    };
  }
}
