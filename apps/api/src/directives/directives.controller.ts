import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../actor/actor';
import { NotFoundError } from '../errors/errors';
import type { Page } from '../pagination/pagination';
import { isUuid } from '../validation/ids';
import { DirectiveTasksQuery, type TaskView } from '../tasks/tasks.dto';
import {
  AmendDeadlineBody,
  CreateDirectiveBody,
  ListDirectivesQuery,
  WithdrawDirectiveBody,
  type DirectiveView,
} from './directives.dto';
import { DirectivesService } from './directives.service';
import { Roles } from '../http/access.guard';
import { ROLES } from '@dondoc/auth';
import { ApiPage } from '../openapi/responses';
import { TaskResponse } from '../tasks/tasks.responses';
import { DirectiveResponse } from './directives.responses';

@ApiTags('directives')
@Controller('directives')
export class DirectivesController {
  constructor(private readonly directives: DirectivesService) {}

  @Roles('clerk')
  @Post()
  @ApiCreatedResponse({ type: DirectiveResponse, description: 'The directive; its tasks fan out after the answer' })
  @ApiOperation({ summary: 'Issue a directive: one task per recipient unit, each with its deadline and reminders' })
  async create(@Body() body: CreateDirectiveBody, @CurrentActor() actor: Actor): Promise<DirectiveView> {
    return this.directives.create(body, actor.id);
  }

  @Roles(...ROLES)
  @Get()
  @ApiPage(DirectiveResponse)
  async list(@Query() query: ListDirectivesQuery): Promise<Page<DirectiveView>> {
    return this.directives.list(query, query.limit, query.cursor);
  }

  @Roles(...ROLES)
  @Get(':id')
  @ApiOkResponse({ type: DirectiveResponse, description: 'The directive with its progress' })
  async get(@Param('id') id: string): Promise<DirectiveView> {
    return this.directives.get(this.directiveId(id));
  }

  @Roles(...ROLES)
  @Get(':id/tasks')
  @ApiPage(TaskResponse)
  async tasksOf(@Param('id') id: string, @Query() query: DirectiveTasksQuery): Promise<Page<TaskView>> {
    return this.directives.tasksOf(this.directiveId(id), query, query.limit, query.cursor);
  }

  @Roles('clerk')
  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: DirectiveResponse, description: 'Withdrawn: its open tasks are cancelled' })
  @ApiAcceptedResponse({
    type: DirectiveResponse,
    description: 'Withdrawn and durably accepted; the cancellations go on (read the progress)',
  })
  @ApiOperation({
    summary: 'Withdraw the directive: its open tasks are cancelled (202 when cancellations are still under way)',
  })
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
  @ApiOkResponse({ type: TaskResponse, description: "The unit's task with its new deadline" })
  @ApiOperation({
    summary: "Amend one unit's deadline; the reminder schedule restarts from it, the original deadline stays on record",
  })
  async amend(
    @Param('id') id: string,
    @Body() body: AmendDeadlineBody,
    @CurrentActor() actor: Actor,
  ): Promise<TaskView> {
    return this.directives.amendDeadline(actor.id, this.directiveId(id), body);
  }

  private directiveId(id: string): string {
    if (!isUuid(id)) throw new NotFoundError('directive', id);
    return id;
  }
}
