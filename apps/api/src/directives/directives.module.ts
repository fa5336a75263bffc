import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { UnitsModule } from '../units/units.module';
import { DirectivesController } from './directives.controller';
import { DirectivesService } from './directives.service';
import { ImplementingController } from './implementing.controller';
import { ImplementingService } from './implementing.service';

@Module({
  imports: [UnitsModule, TasksModule],
  controllers: [DirectivesController, ImplementingController],
  providers: [DirectivesService, ImplementingService],
  exports: [DirectivesService],
})
export class DirectivesModule {}
