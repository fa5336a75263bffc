import { Module } from '@nestjs/common';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';

/** Comments on tasks (issue 13): read and written through the task's scope, told through the outbox. */
@Module({ controllers: [CommentsController], providers: [CommentsService] })
export class CommentsModule {}
