import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@dondoc/auth';
import { Roles } from '../http/access.guard';
import { EVENT_PAGE_SCHEMA } from './event-schemas';
import { ListEventsQuery, type EventFeedPage } from './events.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /** The caller's units' events in order, for clients without webhooks: read on from `nextCursor`, no event skipped. */
  @Roles(...ROLES)
  @Get()
  @ApiOkResponse({ schema: EVENT_PAGE_SCHEMA, description: 'Events of the catalogue, oldest first' })
  async list(@Query() query: ListEventsQuery): Promise<EventFeedPage> {
    return this.events.list(query.after, query.limit);
  }
}
