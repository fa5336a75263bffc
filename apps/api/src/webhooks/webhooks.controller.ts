import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../actor/actor';
import type { Page } from '../pagination/pagination';
import { Roles } from '../http/access.guard';
import {
  CreateWebhookBody,
  ListWebhooksQuery,
  WebhookPage,
  WebhookTestAccepted,
  WebhookView,
  WebhookWithSecretView,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Roles('clerk', 'admin')
  @Post()
  @ApiCreatedResponse({ type: WebhookWithSecretView, description: 'Registered; `secret` is shown this once' })
  async create(@Body() body: CreateWebhookBody, @CurrentActor() actor: Actor): Promise<WebhookWithSecretView> {
    return this.webhooks.create(body, actor.id);
  }

  @Roles('clerk', 'admin')
  @Get()
  @ApiOkResponse({ type: WebhookPage })
  async list(@Query() query: ListWebhooksQuery): Promise<Page<WebhookView>> {
    return this.webhooks.list(query, query.limit, query.cursor);
  }

  @Roles('clerk', 'admin')
  @Get(':id')
  @ApiOkResponse({ type: WebhookView })
  async get(@Param('id') id: string): Promise<WebhookView> {
    return this.webhooks.get(id);
  }

  @Roles('clerk', 'admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The subscription is removed; nothing more is sent to it' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  @Roles('clerk', 'admin')
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({
    type: WebhookWithSecretView,
    description: 'The new `secret`, shown this once; the old one still signs until `previousSecretValidUntil`',
  })
  async rotateSecret(@Param('id') id: string): Promise<WebhookWithSecretView> {
    return this.webhooks.rotateSecret(id);
  }

  @Roles('clerk', 'admin')
  @Post(':id/test')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookTestAccepted, description: 'A `ping` for this subscription alone is queued' })
  async test(@Param('id') id: string): Promise<WebhookTestAccepted> {
    return this.webhooks.test(id);
  }
}
