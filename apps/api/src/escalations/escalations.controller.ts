import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../actor/actor';
import { parseLimit, type Page } from '../pagination/pagination';
import { isUuid, queryEnumList } from '../validation/query';
import { ESCALATION_STATUSES, ResolveEscalationBody, type EscalationView } from './escalations.dto';
import { EscalationsService } from './escalations.service';
import { FieldErrors } from '../errors/errors';
import { Roles } from '../http/access.guard';
import { ApiPage } from '../openapi/responses';

@ApiTags('escalations')
@Controller('escalations')
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  @Roles('supervisor')
  @Get()
  @ApiPage()
  @ApiQuery({ name: 'coordinatingUnitId', required: false, description: 'Escalations that have reached this body, at any level' })
  @ApiQuery({ name: 'currentCoordinatingUnitId', required: false, description: 'Escalations this body holds now' })
  @ApiQuery({ name: 'status', required: false, enum: ESCALATION_STATUSES })
  @ApiQuery({ name: 'taskId', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async list(
    @Query('coordinatingUnitId') coordinatingUnitId?: string,
    @Query('currentCoordinatingUnitId') currentCoordinatingUnitId?: string,
    @Query('status') status?: string,
    @Query('taskId') taskId?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ): Promise<Page<EscalationView>> {
    const statuses = queryEnumList('status', status, ESCALATION_STATUSES);
    if (taskId && !isUuid(taskId)) throw new FieldErrors([{ field: 'taskId', problem: 'must be the id of a task' }]);
    return this.escalations.list(
      {
        ...(coordinatingUnitId ? { coordinatingUnitId } : {}),
        ...(currentCoordinatingUnitId ? { currentCoordinatingUnitId } : {}),
        ...(statuses ? { status: statuses } : {}),
        ...(taskId ? { taskId } : {}),
      },
      parseLimit(limit),
      cursor,
    );
  }

  @Roles('supervisor')
  @Get(':id')
  async get(@Param('id') id: string): Promise<EscalationView> {
    return this.escalations.get(id);
  }

  @Roles('supervisor')
  @Post(':id/resolve')
  @HttpCode(200)
  async resolve(@Param('id') id: string, @Body() body: ResolveEscalationBody, @CurrentActor() actor: Actor): Promise<EscalationView> {
    return this.escalations.resolve(id, body, actor.id);
  }
}
