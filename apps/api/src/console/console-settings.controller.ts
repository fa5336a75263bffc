import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../http/access.guard';
import { API_SETTINGS, type ApiSettings } from '../settings';
import { ConsoleSettingsView } from './console-settings.dto';

/**
 * The console's sign-in settings, open without a token: the console reads them before anyone
 * has signed in. Nothing secret: a public client's id and the provider's address.
 */
@ApiTags('console')
@Public()
@Controller('console/settings')
export class ConsoleSettingsController {
  constructor(@Inject(API_SETTINGS) private readonly settings: ApiSettings) {}

  @Get()
  @ApiOperation({ summary: 'How the web console signs people in' })
  @ApiOkResponse({ type: ConsoleSettingsView })
  read(): ConsoleSettingsView {
    const { auth, console: consoleSettings } = this.settings;
    const oidc =
      auth.mode === 'oidc' && consoleSettings.oidcClientId !== null
        ? { authority: auth.issuer, clientId: consoleSettings.oidcClientId, scope: consoleSettings.oidcScope }
        : null;
    return {
      authMode: auth.mode,
      devSignIn: consoleSettings.devSignIn,
      oidc,
      unitClaim: auth.unitClaim,
      rolesClaim: auth.rolesClaim,
    };
  }
}
