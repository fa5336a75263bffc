import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ROLES } from '@dondoc/auth';
import { Roles } from '../http/access.guard';
import { ScopeService } from '../scope/scope.service';
import { feedPositionOf } from './event-feed.reader';
import { EVENT_PAGE_SCHEMA, EVENT_STREAM_SCHEMA } from './event-schemas';
import { EventStreamHub } from './event-stream.hub';
import { ListEventsQuery, type EventFeedPage } from './events.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly hub: EventStreamHub,
    private readonly scope: ScopeService,
  ) {}

  /** The caller's units' events in order, for clients without webhooks: read on from `nextCursor`, no event skipped. */
  @Roles(...ROLES)
  @Get()
  @ApiOkResponse({ schema: EVENT_PAGE_SCHEMA, description: 'Events of the catalogue, oldest first' })
  async list(@Query() query: ListEventsQuery): Promise<EventFeedPage> {
    return this.events.list(query.after, query.limit);
  }

  /**
   * The same events live, as server-sent events, for screens that update without reloading: read
   * with fetch and the bearer token (a browser's EventSource cannot send it), resumed after a
   * broken connection from `Last-Event-ID`. Reaches the caller whichever replica serves it.
   */
  @Roles(...ROLES)
  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description:
      'The `id` of the last event received (the same cursor as GET /events `nextCursor`): the events after it are sent first',
  })
  @ApiOkResponse({
    description:
      'A stream that stays open: `retry`, then one frame per event (`id` a feed cursor, `event` its type or `reset`, `data` the event as in GET /events), and a comment line as a heartbeat. Answers 503 with Retry-After when the replica or the person holds too many streams, or the API is stopping.',
    content: { 'text/event-stream': { schema: EVENT_STREAM_SCHEMA } },
  })
  async stream(@Headers('last-event-id') lastEventId: string | undefined, @Res() res: Response): Promise<void> {
    const resumeFrom = feedPositionOf(lastEventId, 'Last-Event-ID');
    const scope = await this.scope.current();
    await this.hub.open({ res, scope, person: `${scope.unitId}/${scope.actor.id}`, resumeFrom });
  }
}
