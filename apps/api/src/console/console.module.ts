import { Module } from '@nestjs/common';
import { ConsoleSettingsController } from './console-settings.controller';

/** What the web console reads from the API besides the feature endpoints. */
@Module({ controllers: [ConsoleSettingsController] })
export class ConsoleModule {}
