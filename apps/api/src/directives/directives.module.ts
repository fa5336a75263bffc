import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { UnitsModule } from '../units/units.module';
import { DirectivesController } from './directives.controller';
import { DirectivesService } from './directives.service';
import { DirectiveChecks } from './directive-checks';

/** Directives: issue, read, amend and withdraw them. */
@Module({
  imports: [UnitsModule, TasksModule],
  controllers: [DirectivesController],
  providers: [DirectivesService, DirectiveChecks],
  exports: [DirectivesService],
})
export class DirectivesModule {}
