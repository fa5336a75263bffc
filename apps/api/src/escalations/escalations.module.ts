import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { UnitsModule } from '../units/units.module';
import { EscalationsController } from './escalations.controller';
import { EscalationsService } from './escalations.service';

@Module({ imports: [TasksModule, UnitsModule], controllers: [EscalationsController], providers: [EscalationsService] })
export class EscalationsModule {}
