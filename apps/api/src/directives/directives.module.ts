import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { UnitsModule } from '../units/units.module';
import { DirectivesController } from './directives.controller';
import { DirectivesService } from './directives.service';

@Module({
  imports: [UnitsModule, TasksModule],
  controllers: [DirectivesController],
  providers: [DirectivesService],
  exports: [DirectivesService],
})
export class DirectivesModule {}
