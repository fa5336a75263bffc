import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DirectiveResponse } from '../directives/directives.responses';
import { CurrentActor, type Actor } from '../actor/actor';
import { ImplementTaskBody, type DirectiveView } from '../directives/directives.dto';
import { ImplementingService } from './implementing.service';
import { Roles } from '../http/access.guard';

/**
 * POST /tasks/:id/implement: a step down the cascade, so it lives with the cascade's other
 * routes. Tagged `tasks` in the API document, where a client looks for what can be done to a task.
 */
@ApiTags('tasks')
@Controller('tasks')
export class ImplementingController {
  constructor(private readonly implementing: ImplementingService) {}

  @Roles('clerk')
  @Post(':id/implement')
  @ApiCreatedResponse({ type: DirectiveResponse, description: 'The implementing directive' })
  @ApiOperation({
    summary:
      "Carry out a task by issuing a directive to units below: the task's unit issues it, the task's directive is its parent",
  })
  async implement(
    @Param('id') id: string,
    @Body() body: ImplementTaskBody,
    @CurrentActor() actor: Actor,
  ): Promise<DirectiveView> {
    return this.implementing.implement(id, body, actor.id);
  }
}
