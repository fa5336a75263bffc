import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

/** GET /events: the event feed, the outbox read as a list. */
@Module({ controllers: [EventsController], providers: [EventsService] })
export class EventsModule {}
