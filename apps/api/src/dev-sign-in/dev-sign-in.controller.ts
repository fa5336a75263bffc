import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../http/access.guard';
import { DevSignInBody, DevSignInOptions, DevSignInToken } from './dev-sign-in.dto';
import { DevSignInService } from './dev-sign-in.service';

/**
 * The development sign-in behind the console's sign-in page. Open without a token (it is how a
 * token is obtained), and mounted only with DONDOC_DEV_SIGN_IN=true in local mode: in every other
 * mode these paths do not exist (404).
 */
@ApiTags('development')
@Public()
@Controller('dev/sign-in')
export class DevSignInController {
  constructor(private readonly signIn: DevSignInService) {}

  @Get()
  @ApiOperation({ summary: 'The demo people, units and roles one may sign in as (development only)' })
  @ApiOkResponse({ type: DevSignInOptions })
  async options(): Promise<DevSignInOptions> {
    return this.signIn.options();
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'A token for the person named, signed with the local key (development only)' })
  @ApiOkResponse({ type: DevSignInToken })
  @ApiBadRequestResponse({ description: 'An unknown unit or role' })
  async token(@Body() body: DevSignInBody): Promise<DevSignInToken> {
    return this.signIn.signIn(body);
  }
}
