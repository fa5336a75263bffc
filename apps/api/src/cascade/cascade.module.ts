import { Module } from '@nestjs/common';
import { DirectivesModule } from '../directives/directives.module';
import { TasksModule } from '../tasks/tasks.module';
import { CascadeController } from './cascade.controller';
import { CascadeService } from './cascade.service';
import { ImplementingController } from './implementing.controller';
import { ImplementingService } from './implementing.service';

/**
 * The cascade: how far a directive has reached below (GET /directives/:id/tree), where a task
 * sits (GET /tasks/:id/path), and the step down itself (POST /tasks/:id/implement).
 */
@Module({
  imports: [DirectivesModule, TasksModule],
  controllers: [CascadeController, ImplementingController],
  providers: [CascadeService, ImplementingService],
})
export class CascadeModule {}
