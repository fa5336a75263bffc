import { Module } from '@nestjs/common';
import { EventStreamHub } from './event-stream.hub';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

/** GET /events: the event feed, the outbox read as a list; GET /events/stream: the same, live. */
@Module({ controllers: [EventsController], providers: [EventsService, EventStreamHub] })
export class EventsModule {}
