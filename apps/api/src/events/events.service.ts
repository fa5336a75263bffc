import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ScopeService } from '../scope/scope.service';
import { feedCursorOf, feedPositionOf, readSettledEvents } from './event-feed.reader';
import type { EventFeedPage } from './events.dto';

export { feedCursorOf, feedPositionOf } from './event-feed.reader';

/**
 * The event feed (GET /events): the outbox's events about the caller's units, in the order they
 * were written, for API clients that cannot receive webhooks. Only settled events are answered
 * ({@link readSettledEvents}), so reading on from `nextCursor` skips none.
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
    const entries = await readSettledEvents(this.dataSource, { after: from, limit, visible });
    const kept = entries.slice(0, limit);
    const last = kept[kept.length - 1];
    return {
      items: kept.map((entry) => entry.event),
      nextCursor: last !== undefined ? feedCursorOf(last.position) : (after ?? null),
      hasMore: entries.length > limit,
    };
  }
}
