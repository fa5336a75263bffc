import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@dondoc/auth';
import { CurrentActor, type Actor } from '../actor/actor';
import { Roles } from '../http/access.guard';
import { MeView } from './people.dto';
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
}
