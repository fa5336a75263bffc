import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@dondoc/auth';
import { CurrentActor, type Actor } from '../actor/actor';
import { Roles } from '../http/access.guard';
import { MeView, UpdateMeBody } from './people.dto';
import { PeopleService } from './people.service';

@ApiTags('people')
@Controller('me')
export class MeController {
  constructor(private readonly people: PeopleService) {}

  @Roles(...ROLES)
  @Get()
  @ApiOperation({ summary: 'Who I am: my profile, unit, roles and what they let me do' })
  @ApiOkResponse({ type: MeView })
  async me(@CurrentActor() actor: Actor): Promise<MeView> {
    return this.people.me(actor);
  }

  @Roles(...ROLES)
  @Patch()
  @ApiOperation({ summary: 'My own choices: the notice kinds I am not e-mailed about for the tasks I handle' })
  @ApiOkResponse({ type: MeView })
  @ApiBadRequestResponse({ description: 'a value that is not a notice kind, named as `mutedTopics[i]`' })
  async updateMe(@CurrentActor() actor: Actor, @Body() body: UpdateMeBody): Promise<MeView> {
    return this.people.updateMe(actor, body);
  }
}
