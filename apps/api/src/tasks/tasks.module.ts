import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { ExtensionRequestsController } from './extension-requests.controller';
import { ExtensionRequestsService } from './extension-requests.service';
import { TaskWorkflowService } from './task-workflow.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** Tasks and their extension requests: reads from the read model, people's actions sent to the task workflows. */
@Module({
  imports: [PeopleModule],
  controllers: [TasksController, ExtensionRequestsController],
  providers: [TasksService, TaskWorkflowService, ExtensionRequestsService],
  exports: [TasksService, TaskWorkflowService],
})
export class TasksModule {}
