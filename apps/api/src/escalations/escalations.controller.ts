import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EscalationResponse } from './escalations.responses';
import { CurrentActor, type Actor } from '../actor/actor';
import type { Page } from '../pagination/pagination';
import { ListEscalationsQuery, ResolveEscalationBody, type EscalationView } from './escalations.dto';
import { EscalationsService } from './escalations.service';
import { Roles } from '../http/access.guard';
import { ApiPage } from '../openapi/responses';

@ApiTags('escalations')
@Controller('escalations')
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  @Roles('supervisor')
  @Get()
  @ApiPage(EscalationResponse)
  async list(@Query() query: ListEscalationsQuery): Promise<Page<EscalationView>> {
    return this.escalations.list(query, query.limit, query.cursor);
  }

  @Roles('supervisor')
  @Get(':id')
  @ApiOkResponse({ type: EscalationResponse })
  async get(@Param('id') id: string): Promise<EscalationView> {
    return this.escalations.get(id);
  }

  @Roles('supervisor')
  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOkResponse({ type: EscalationResponse, description: 'The escalation, resolved' })
  async resolve(
    @Param('id') id: string,
    @Body() body: ResolveEscalationBody,
    @CurrentActor() actor: Actor,
  ): Promise<EscalationView> {
    return this.escalations.resolve(id, body, actor.id);
  }
}
