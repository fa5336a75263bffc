import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { decideExtensionUpdate } from '@dondoc/workflows/unit-task/contract';
import { CurrentActor, type Actor } from '../actor/actor';
import { ConflictError } from '../errors/errors';
import { ApproveExtensionBody, RejectExtensionBody, type ExtensionRequestView } from './tasks.dto';
import { TasksService } from './tasks.service';
import { Roles } from '../http/access.guard';

@ApiTags('extension requests')
@Controller('extension-requests')
export class ExtensionRequestsController {
  constructor(private readonly tasks: TasksService) {}

  @Roles('officer', 'clerk', 'supervisor')
  @Get(':id')
  async get(@Param('id') id: string): Promise<ExtensionRequestView> {
    return this.tasks.extensionRequestView(id);
  }

  @Roles('clerk')
  @Post(':id/approve')
  @HttpCode(200)
  async approve(@Param('id') id: string, @Body() body: ApproveExtensionBody, @CurrentActor() actor: Actor): Promise<ExtensionRequestView> {
    return this.decide(id, true, body.note ?? null, actor);
  }

  @Roles('clerk')
  @Post(':id/reject')
  @HttpCode(200)
  async reject(@Param('id') id: string, @Body() body: RejectExtensionBody, @CurrentActor() actor: Actor): Promise<ExtensionRequestView> {
    return this.decide(id, false, body.reason, actor);
  }

  private async decide(id: string, approve: boolean, reason: string | null, actor: Actor): Promise<ExtensionRequestView> {
    const request = await this.tasks.extensionRequest(id);
    const task = await this.tasks.forAction(request.taskId, 'extend');
    if (request.status !== 'pending') {
      throw new ConflictError(`extension request ${id} was already ${request.status}`, { status: request.status });
    }
    await this.tasks.sendToTask(task, 'extend', decideExtensionUpdate, { actor: actor.id, requestId: id, approve, reason });
    return this.tasks.extensionRequestView(id);
  }
}
