import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { writeOutboxEvents } from '@dondoc/activities';
import { DirectiveEntity, TaskCommentEntity, type TaskEntity } from '@dondoc/persistence';
import type { Actor } from '../actor/actor';
import { auditApiChange } from '../audit/record-api-change';
import { ConflictError, NotFoundError, OutOfScopeError } from '../errors/errors';
import { keysetPage, toPage, type Page } from '../pagination/pagination';
import type { PageQuery } from '../pagination/page-query';
import { ScopeService } from '../scope/scope.service';
import { API_SETTINGS, type ApiSettings } from '../settings';
import { isUuid } from '../validation/ids';
import { commentAddedEvent } from './comment-events';
import type { CommentView } from './comments.dto';

/** How long the author may still edit a comment: long enough to fix a typo, short enough that replies stand. */
export const COMMENT_EDIT_WINDOW_MS = 15 * 60_000;

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** The API's picture of a comment: a tombstone shows neither its text nor its history. */
export function commentView(c: TaskCommentEntity): CommentView {
  const deleted = c.deletedAt !== null;
  return {
    id: c.id,
    taskId: c.taskId,
    author: { sub: c.authorSub, unitId: c.authorUnitId },
    text: deleted ? null : c.text,
    createdAt: c.createdAt.toISOString(),
    editedAt: iso(c.editedAt),
    deletedAt: iso(c.deletedAt),
    history: deleted ? [] : c.history,
  };
}

/**
 * Comments on tasks: whoever reads a task may read and add them (the unit's people, the issuer's
 * clerks, the coordinating body's supervisors); the author may edit within
 * {@link COMMENT_EDIT_WINDOW_MS}, keeping the earlier text, and delete, leaving a tombstone. A new
 * comment writes `comment.added` to the outbox in its own transaction, addressed to the other side.
 */
@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /** The task's comments, oldest first, tombstones included, if the caller reads the task. */
  async list(taskId: string, query: PageQuery): Promise<Page<CommentView>> {
    await this.scope.readTask(taskId);
    const qb = keysetPage(
      this.dataSource.getRepository(TaskCommentEntity).createQueryBuilder('c'),
      ['c.created_at', 'c.id'],
      'ASC',
      query.limit,
      query.cursor,
    ).andWhere('c.task_id = :taskId', { taskId });
    const rows = await qb.getMany();
    return toPage(rows, query.limit, (c) => [c.createdAt.toISOString(), c.id], commentView);
  }

  /** Adds a comment, its outbox event and its audit record in one transaction. */
  async add(actor: Actor, taskId: string, text: string): Promise<CommentView> {
    const task = await this.scope.readTask(taskId);
    const authorIsTaskUnit = actor.unitId === task.unitId || (await this.scope.actsFor(task.unitId));
    return this.dataSource.transaction(async (db) => {
      const directive = await db.getRepository(DirectiveEntity).findOneByOrFail({ id: task.directiveId });
      const comment = db.getRepository(TaskCommentEntity).create({
        id: randomUUID(),
        taskId,
        authorSub: actor.id,
        authorUnitId: actor.unitId,
        text,
        history: [],
        createdAt: new Date(),
        editedAt: null,
        deletedAt: null,
      });
      await db.getRepository(TaskCommentEntity).insert(comment);
      await writeOutboxEvents(db, [
        commentAddedEvent({
          commentId: comment.id,
          text,
          author: { sub: actor.id, unitId: actor.unitId },
          createdAt: comment.createdAt.toISOString(),
          task: taskFacts(task),
          directive: { number: directive.number, subject: directive.subject, issuerUnitId: directive.issuerUnitId },
          authorIsTaskUnit,
          publicUrl: this.settings.publicUrl,
        }),
      ]);
      await auditApiChange(db, {
        action: 'comment.add',
        targetType: 'task',
        targetId: taskId,
        before: null,
        after: { commentId: comment.id, text },
      });
      return commentView(comment);
    });
  }

  /** The author replaces the text within the edit window; the earlier text stays in the history. */
  async edit(actor: Actor, taskId: string, commentId: string, text: string, now = Date.now()): Promise<CommentView> {
    return this.change(actor, taskId, commentId, async (db, comment) => {
      if (comment.deletedAt !== null) throw new ConflictError('Bình luận đã bị xóa; không thể sửa.', { commentId });
      const age = now - comment.createdAt.getTime();
      if (age > COMMENT_EDIT_WINDOW_MS)
        throw new ConflictError(
          `Chỉ sửa được bình luận trong vòng ${COMMENT_EDIT_WINDOW_MS / 60_000} phút sau khi viết; hãy viết bình luận mới.`,
          { commentId, createdAt: comment.createdAt.toISOString() },
        );
      const before = comment.text;
      comment.history = [...comment.history, { text: before, until: new Date(now).toISOString() }];
      comment.text = text;
      comment.editedAt = new Date(now);
      await db.getRepository(TaskCommentEntity).save(comment);
      await auditApiChange(db, {
        action: 'comment.edit',
        targetType: 'task',
        targetId: taskId,
        before: { commentId, text: before },
        after: { commentId, text },
      });
      return commentView(comment);
    });
  }

  /** The author deletes the comment: it stays as a tombstone. Deleting it again changes nothing. */
  async delete(actor: Actor, taskId: string, commentId: string): Promise<void> {
    await this.change(actor, taskId, commentId, async (db, comment) => {
      if (comment.deletedAt !== null) return commentView(comment);
      comment.deletedAt = new Date();
      await db.getRepository(TaskCommentEntity).save(comment);
      await auditApiChange(db, {
        action: 'comment.delete',
        targetType: 'task',
        targetId: taskId,
        before: { commentId, text: comment.text },
        after: { commentId, deletedAt: comment.deletedAt.toISOString() },
      });
      return commentView(comment);
    });
  }

  /** Reads the comment under lock through the task's scope; only its author may change it. */
  private async change(
    actor: Actor,
    taskId: string,
    commentId: string,
    apply: (db: EntityManager, comment: TaskCommentEntity) => Promise<CommentView>,
  ): Promise<CommentView> {
    await this.scope.readTask(taskId);
    return this.dataSource.transaction(async (db) => {
      const comment = isUuid(commentId)
        ? await db
            .getRepository(TaskCommentEntity)
            .findOne({ where: { id: commentId, taskId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!comment) throw new NotFoundError('comment', commentId);
      if (comment.authorSub !== actor.id || comment.authorUnitId !== actor.unitId)
        throw new OutOfScopeError('Chỉ người viết bình luận mới sửa hoặc xóa được bình luận đó.');
      return apply(db, comment);
    });
  }
}

function taskFacts(task: TaskEntity): {
  id: string;
  directiveId: string;
  unitId: string;
  dueAt: string;
  assignee: string | null;
} {
  return {
    id: task.id,
    directiveId: task.directiveId,
    unitId: task.unitId,
    dueAt: task.dueAt.toISOString(),
    assignee: task.assignee,
  };
}
