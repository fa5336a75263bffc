import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@dondoc/auth';
import { Roles } from '../http/access.guard';
import { DeliveryPage, DeliveryView, ListDeliveriesQuery } from './deliveries.dto';
import { DeliveriesService } from './deliveries.service';

/**
 * What happened to each notice on its way out: the deliveries of a notification or of a webhook
 * subscription, and the hand re-send of a failed one. Paths under three resources, one service.
 */
@ApiTags('deliveries')
@Controller()
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Roles(...ROLES)
  @Get('notifications/:id/deliveries')
  @ApiOkResponse({
    type: DeliveryPage,
    description: "The notice's deliveries to the recipient unit's webhooks and contacts",
  })
  async ofNotification(@Param('id') id: string, @Query() query: ListDeliveriesQuery): Promise<DeliveryPage> {
    return this.deliveries.ofNotification(id, query.limit, query.cursor);
  }

  @Roles('clerk', 'admin')
  @Get('webhooks/:id/deliveries')
  @ApiOkResponse({ type: DeliveryPage, description: "The subscription's deliveries, oldest first" })
  async ofWebhook(@Param('id') id: string, @Query() query: ListDeliveriesQuery): Promise<DeliveryPage> {
    return this.deliveries.ofWebhook(id, query.limit, query.cursor);
  }

  @Roles('clerk', 'admin')
  @Post('deliveries/:id/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: DeliveryView, description: 'The failed delivery, due again now' })
  async retry(@Param('id') id: string): Promise<DeliveryView> {
    return this.deliveries.retry(id);
  }
}
