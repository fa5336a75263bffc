import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@dondoc/auth';
import { CurrentActor, type Actor } from '../actor/actor';
import { Roles } from '../http/access.guard';
import type { Page } from '../pagination/pagination';
import { PageQuery } from '../pagination/page-query';
import { CommentBody, CommentPage, CommentView } from './comments.dto';
import { CommentsService } from './comments.service';

@ApiTags('tasks')
@Controller('tasks')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Roles(...ROLES)
  @Get(':id/comments')
  @ApiOperation({ summary: 'The task’s comments, oldest first (deleted ones as tombstones)' })
  @ApiOkResponse({ type: CommentPage })
  async list(@Param('id') id: string, @Query() query: PageQuery): Promise<Page<CommentView>> {
    return this.comments.list(id, query);
  }

  @Roles(...ROLES)
  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on a task one reads; the other side is told (comment.added)' })
  @ApiCreatedResponse({ type: CommentView })
  async add(@Param('id') id: string, @Body() body: CommentBody, @CurrentActor() actor: Actor): Promise<CommentView> {
    return this.comments.add(actor, id, body.text);
  }

  @Roles(...ROLES)
  @Patch(':id/comments/:commentId')
  @ApiOperation({ summary: 'The author corrects a comment within 15 minutes; the earlier text is kept' })
  @ApiOkResponse({ type: CommentView })
  async edit(
    @Param('id') id: string,
    @Param('commentId') commentId: string,
    @Body() body: CommentBody,
    @CurrentActor() actor: Actor,
  ): Promise<CommentView> {
    return this.comments.edit(actor, id, commentId, body.text);
  }

  @Roles(...ROLES)
  @Delete(':id/comments/:commentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'The author deletes a comment; a tombstone keeps its place' })
  @ApiNoContentResponse()
  async delete(
    @Param('id') id: string,
    @Param('commentId') commentId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.comments.delete(actor, id, commentId);
  }
}
