import { Module } from '@nestjs/common';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';

/** GET /notifications/:id/deliveries, GET /webhooks/:id/deliveries, POST /deliveries/:id/retry. */
@Module({ controllers: [DeliveriesController], providers: [DeliveriesService] })
export class DeliveriesModule {}
