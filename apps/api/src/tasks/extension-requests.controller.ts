import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ExtensionRequestResponse, ListedExtensionRequestResponse } from './tasks.responses';
import { ApiPage } from '../openapi/responses';
import type { Page } from '../pagination/pagination';
import { ListExtensionRequestsQuery, type ListedExtensionRequestView } from './extension-requests.query';
import { CurrentActor, type Actor } from '../actor/actor';
import { Roles } from '../http/access.guard';
import { ExtensionRequestsService } from './extension-requests.service';
import { ApproveExtensionBody, RejectExtensionBody, type ExtensionRequestView } from './tasks.dto';

@ApiTags('extension requests')
@Controller('extension-requests')
export class ExtensionRequestsController {
  constructor(private readonly requests: ExtensionRequestsService) {}

  /** A clerk's queue of requests to decide (`?status=pending`); only requests on the unit's own directives. */
  @Roles('clerk')
  @Get()
  @ApiPage(ListedExtensionRequestResponse)
  async list(@Query() query: ListExtensionRequestsQuery): Promise<Page<ListedExtensionRequestView>> {
    return this.requests.list(query);
  }

  @Roles('officer', 'clerk', 'supervisor')
  @Get(':id')
  @ApiOkResponse({ type: ExtensionRequestResponse })
  async get(@Param('id') id: string): Promise<ExtensionRequestView> {
    return this.requests.get(id);
  }

  @Roles('clerk')
  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({
    type: ExtensionRequestResponse,
    description: 'The request, approved; the task has its new deadline',
  })
  async approve(
    @Param('id') id: string,
    @Body() body: ApproveExtensionBody,
    @CurrentActor() actor: Actor,
  ): Promise<ExtensionRequestView> {
    return this.requests.approve(actor.id, id, body.note ?? null);
  }

  @Roles('clerk')
  @Post(':id/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: ExtensionRequestResponse, description: 'The request, rejected' })
  async reject(
    @Param('id') id: string,
    @Body() body: RejectExtensionBody,
    @CurrentActor() actor: Actor,
  ): Promise<ExtensionRequestView> {
    return this.requests.reject(actor.id, id, body.reason);
  }
}
