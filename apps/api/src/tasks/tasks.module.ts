import { Module } from '@nestjs/common';
import { ExtensionRequestsController } from './extension-requests.controller';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({ controllers: [TasksController, ExtensionRequestsController], providers: [TasksService], exports: [TasksService] })
export class TasksModule {}
