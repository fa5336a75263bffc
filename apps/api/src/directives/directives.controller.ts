import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { TASK_STATUSES } from '@dondoc/domain';
import { CurrentActor, type Actor } from '../actor/actor';
import { FieldErrors, NotFoundError } from '../errors/errors';
import { parseLimit, type Page } from '../pagination/pagination';
import { isUuid, queryBoolean, queryEnumList } from '../validation/query';
import type { TaskView } from '../tasks/tasks.dto';
import { AmendDeadlineBody, CreateDirectiveBody, WithdrawDirectiveBody, type DirectiveView } from './directives.dto';
import { DirectivesService } from './directives.service';
import { Roles } from '../http/access.guard';
import { ROLES } from '@dondoc/auth';
import { ApiPage } from '../openapi/responses';

@ApiTags('directives')
@Controller('directives')
export class DirectivesController {
  constructor(
    private readonly directives: DirectivesService,
  ) {}

  @Roles('clerk')
  @Post()
  @ApiOperation({ summary: 'Issue a directive: one task per recipient unit, each with its deadline and reminders' })
  async create(@Body() body: CreateDirectiveBody, @CurrentActor() actor: Actor): Promise<DirectiveView> {
    return this.directives.create(body, actor.id);
  }

  @Roles(...ROLES)
  @Get()
  @ApiPage()
  @ApiQuery({ name: 'issuerUnitId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['active', 'withdrawn'] })
  @ApiQuery({ name: 'parentDirectiveId', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async list(
    @Query('issuerUnitId') issuerUnitId?: string,
    @Query('status') status?: string,
    @Query('parentDirectiveId') parentDirectiveId?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ): Promise<Page<DirectiveView>> {
    const statuses = queryEnumList('status', status, ['active', 'withdrawn'] as const);
    if (parentDirectiveId && !isUuid(parentDirectiveId)) throw new FieldErrors([{ field: 'parentDirectiveId', problem: 'must be the id of a directive' }]);
    return this.directives.list(
      { ...(issuerUnitId ? { issuerUnitId } : {}), ...(statuses ? { status: statuses } : {}), ...(parentDirectiveId ? { parentDirectiveId } : {}) },
      parseLimit(limit),
      cursor,
    );
  }

  @Roles(...ROLES)
  @Get(':id')
  async get(@Param('id') id: string): Promise<DirectiveView> {
    return this.directives.get(this.directiveId(id));
  }

  @Roles(...ROLES)
  @Get(':id/tasks')
  @ApiPage()
  @ApiQuery({ name: 'status', required: false, enum: TASK_STATUSES, description: 'one or more, comma-separated' })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async tasksOf(
    @Param('id') id: string,
    @Query('status') status?: string,
    @Query('overdue') overdue?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ): Promise<Page<TaskView>> {
    const directiveId = this.directiveId(id);
    const statuses = queryEnumList('status', status, TASK_STATUSES);
    const isOverdue = queryBoolean('overdue', overdue);
    return this.directives.tasksOf(
      directiveId,
      { ...(statuses ? { status: statuses } : {}), ...(isOverdue !== undefined ? { overdue: isOverdue } : {}) },
      parseLimit(limit),
      cursor,
    );
  }

  @Roles('clerk')
  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw the directive: its open tasks are cancelled (202 when cancellations are still under way)' })
  async withdraw(
    @Param('id') id: string,
    @Body() body: WithdrawDirectiveBody,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DirectiveView> {
    const { directive, complete } = await this.directives.withdraw(this.directiveId(id), actor.id, body.reason ?? null);
    if (!complete) response.status(202);
    return directive;
  }

  @Roles('clerk')
  @Post(':id/amendments')
  @HttpCode(200)
  @ApiOperation({ summary: "Amend one unit's deadline; the reminder schedule restarts from it, the original deadline stays on record" })
  async amend(@Param('id') id: string, @Body() body: AmendDeadlineBody, @CurrentActor() actor: Actor): Promise<TaskView> {
    return this.directives.amendDeadline(actor.id, this.directiveId(id), body);
  }

  private directiveId(id: string): string {
    if (!isUuid(id)) throw new NotFoundError('directive', id);
    return id;
  }
}
