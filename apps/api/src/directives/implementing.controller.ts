import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../actor/actor';
import type { DirectiveView } from './directives.dto';
import { ImplementTaskBody } from './directives.dto';
import { ImplementingService } from './implementing.service';
import { Roles } from '../http/access.guard';

/**
 * POST /tasks/:id/implement lives with the directives: it issues one. (The tasks module cannot
 * depend on the directives module, which already depends on it.)
 */
@ApiTags('tasks')
@Controller('tasks')
export class ImplementingController {
  constructor(private readonly implementing: ImplementingService) {}

  @Roles('clerk')
  @Post(':id/implement')
  @ApiOperation({ summary: "Carry out a task by issuing a directive to units below: the task's unit issues it, the task's directive is its parent" })
  async implement(@Param('id') id: string, @Body() body: ImplementTaskBody, @CurrentActor() actor: Actor): Promise<DirectiveView> {
    return this.implementing.implement(id, body, actor.id);
  }
}
