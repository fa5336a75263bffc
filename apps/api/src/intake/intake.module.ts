import { Module } from '@nestjs/common';
import { DirectivesModule } from '../directives/directives.module';
import { IntakeController } from './intake.controller';
import { IntakeService } from './intake.service';

/** POST /intake and /intake/confirm: official letters read into draft directives. */
@Module({ imports: [DirectivesModule], controllers: [IntakeController], providers: [IntakeService] })
export class IntakeModule {}
