import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../actor/actor';
import type { Page } from '../pagination/pagination';
import {
  AssignBody,
  EmptyBody,
  ExtensionRequestBody,
  ListTasksQuery,
  ProgressBody,
  ReturnBody,
  SubmitBody,
  TaskEventsQuery,
  type ExtensionRequestView,
  type TaskEventView,
  type TaskView,
} from './tasks.dto';
import { TasksService } from './tasks.service';
import { ExtensionRequestsService } from './extension-requests.service';
import { Roles } from '../http/access.guard';
import { ROLES } from '@dondoc/auth';
import { ApiPage } from '../openapi/responses';
import { ExtensionRequestResponse, TaskEventResponse, TaskResponse } from './tasks.responses';

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly extensionRequests: ExtensionRequestsService,
  ) {}

  @Roles(...ROLES)
  @Get()
  @ApiPage(TaskResponse)
  @ApiOperation({ summary: 'Tasks sorted by deadline' })
  async list(@Query() query: ListTasksQuery): Promise<Page<TaskView>> {
    return this.tasks.list(query, query.limit, query.cursor);
  }

  @Roles(...ROLES)
  @Get(':id')
  @ApiOkResponse({ type: TaskResponse })
  async get(@Param('id') id: string): Promise<TaskView> {
    return this.tasks.get(id);
  }

  @Roles(...ROLES)
  @Get(':id/events')
  @ApiPage(TaskEventResponse, 'One page of the history, oldest first')
  async events(@Param('id') id: string, @Query() query: TaskEventsQuery): Promise<Page<TaskEventView>> {
    return this.tasks.events(id, query.limit, query.cursor, query.include === 'comments');
  }

  @Roles('officer')
  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskResponse, description: 'The task as it now stands' })
  async acknowledge(
    @Param('id') id: string,
    @Body() _body: EmptyBody,
    @CurrentActor() actor: Actor,
  ): Promise<TaskView> {
    return this.tasks.acknowledge(actor.id, id);
  }

  @Roles('officer')
  @Post(':id/progress')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskResponse, description: 'The task as it now stands' })
  async progress(@Param('id') id: string, @Body() body: ProgressBody, @CurrentActor() actor: Actor): Promise<TaskView> {
    return this.tasks.reportProgress(actor.id, id, body);
  }

  @Roles('officer')
  @Post(':id/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskResponse, description: 'The task as it now stands' })
  @ApiOperation({
    summary: 'Submit the report; refused (409) while a directive implementing the task has open lead tasks',
  })
  async submit(@Param('id') id: string, @Body() body: SubmitBody, @CurrentActor() actor: Actor): Promise<TaskView> {
    return this.tasks.submit(actor.id, id, body);
  }

  @Roles('clerk')
  @Post(':id/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskResponse, description: 'The task as it now stands' })
  async accept(@Param('id') id: string, @Body() _body: EmptyBody, @CurrentActor() actor: Actor): Promise<TaskView> {
    return this.tasks.accept(actor.id, id);
  }

  @Roles('clerk')
  @Post(':id/return')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskResponse, description: 'The task as it now stands' })
  async return(@Param('id') id: string, @Body() body: ReturnBody, @CurrentActor() actor: Actor): Promise<TaskView> {
    return this.tasks.return(actor.id, id, body);
  }

  @Roles('officer')
  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the task while nobody in the unit handles it' })
  @ApiOkResponse({ type: TaskResponse, description: 'The task as it now stands' })
  async claim(@Param('id') id: string, @Body() _body: EmptyBody, @CurrentActor() actor: Actor): Promise<TaskView> {
    return this.tasks.claim(actor.id, id);
  }

  @Roles('head', 'clerk')
  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the task to an active person of its unit, another one, or nobody (null)' })
  @ApiOkResponse({ type: TaskResponse, description: 'The task as it now stands' })
  async assign(@Param('id') id: string, @Body() body: AssignBody, @CurrentActor() actor: Actor): Promise<TaskView> {
    return this.tasks.assign(actor.id, id, body);
  }

  @Roles(...ROLES)
  @Post(':id/hand-back')
  @HttpCode(200)
  @ApiOperation({ summary: 'The assignee gives the task back to the unit' })
  @ApiOkResponse({ type: TaskResponse, description: 'The task as it now stands' })
  async handBack(@Param('id') id: string, @Body() _body: EmptyBody, @CurrentActor() actor: Actor): Promise<TaskView> {
    return this.tasks.handBack(actor.id, id);
  }

  @Roles('officer')
  @Post(':id/extension-requests')
  @ApiCreatedResponse({ type: ExtensionRequestResponse, description: 'The request, pending' })
  @ApiOperation({ summary: 'Ask for more time; a clerk of the issuing unit decides' })
  async requestExtension(
    @Param('id') id: string,
    @Body() body: ExtensionRequestBody,
    @CurrentActor() actor: Actor,
  ): Promise<ExtensionRequestView> {
    return this.extensionRequests.request(actor.id, id, body);
  }
}
