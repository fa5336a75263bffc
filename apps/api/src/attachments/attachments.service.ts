import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { DataSource, IsNull } from 'typeorm';
import { isTerminal } from '@dondoc/domain';
import { AttachmentEntity, TaskEntity } from '@dondoc/persistence';
import type { BlobStore } from '@dondoc/storage';
import type { Actor } from '../actor/actor';
import { auditApiChange } from '../audit/record-api-change';
import { ConflictError, NotFoundError, OutOfScopeError } from '../errors/errors';
import { ScopeService } from '../scope/scope.service';
import { isUuid } from '../validation/ids';
import { receiveAttachment } from './attachment-upload';
import { ATTACHMENT_MAX_BYTES, BLOB_STORE } from './blob-store.provider';
import type { AttachmentListView, AttachmentView } from './attachments.dto';

/** A download: the row (name, type, size, hash) and its bytes. */
export interface AttachmentDownload {
  attachment: AttachmentEntity;
  body: Readable;
}

/**
 * Files attached to tasks. Whoever may read the task may list and download them; officers and
 * clerks who read an open task may attach; the uploader may delete until a submission names the
 * file or the task closes. The blob is in the store before its row commits.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(ATTACHMENT_MAX_BYTES) private readonly maxBytes: number,
  ) {}

  /** Streams the request's one file into storage, then writes its row and audit record. */
  async upload(actor: Actor, taskId: string, request: Request): Promise<AttachmentView> {
    // Checked before a byte of the body is read: a task outside the scope is 404, a closed one 409.
    const task = await this.scope.readTask(taskId);
    assertOpen(task, 'đính kèm tệp vào');
    const received = await receiveAttachment(request, this.store, this.maxBytes);
    await received.pending.commit();
    const row: AttachmentEntity = Object.assign(new AttachmentEntity(), {
      id: randomUUID(),
      taskId: task.id,
      sha256: received.pending.sha256,
      size: received.pending.size,
      contentType: received.contentType,
      fileName: received.fileName,
      uploadedBy: actor.id,
      uploadedByUnitId: actor.unitId,
      createdAt: new Date(),
      deletedAt: null,
      deletedBy: null,
      frozenBySubmission: null,
      submittedAt: null,
    });
    // A row that fails here leaves its blob unnamed: the worker's sweep removes it after an hour.
    await this.dataSource.transaction(async (db) => {
      await db.getRepository(AttachmentEntity).insert(row);
      await auditApiChange(db, {
        action: 'attachment.upload',
        targetType: 'task',
        targetId: task.id,
        before: null,
        after: attachmentAudit(row),
      });
    });
    return attachmentView(row);
  }

  /** The task's attachments not deleted, oldest first, if the caller may read the task. */
  async list(taskId: string): Promise<AttachmentListView> {
    const task = await this.scope.readTask(taskId);
    const rows = await this.dataSource.getRepository(AttachmentEntity).find({
      where: { taskId: task.id, deletedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return { items: rows.map(attachmentView) };
  }

  /** The attachment and its bytes, if the caller may read its task; otherwise 404. */
  async download(id: string): Promise<AttachmentDownload> {
    const attachment = await this.readable(id);
    return { attachment, body: await this.store.read(attachment.sha256) };
  }

  /** Soft-deletes the attachment: by its uploader, while the task is open and no submission named it. */
  async remove(actor: Actor, id: string): Promise<void> {
    const attachment = await this.readable(id);
    if (attachment.uploadedBy !== actor.id || attachment.uploadedByUnitId !== actor.unitId) {
      throw new OutOfScopeError(`chỉ người đã đính kèm tệp ${id} mới xóa được tệp này`);
    }
    const task = await this.scope.readTask(attachment.taskId);
    assertOpen(task, 'xóa tệp của');
    await this.dataSource.transaction(async (db) => {
      const deleted: [unknown[], number] = await db.query(
        `UPDATE attachments SET deleted_at = now(), deleted_by = $2
         WHERE id = $1 AND deleted_at IS NULL AND frozen_by_submission IS NULL RETURNING id`,
        [id, actor.id],
      );
      if (deleted[1] === 0) {
        throw new ConflictError(
          `tệp ${id} đã được nộp kèm báo cáo lúc ${attachment.submittedAt?.toISOString() ?? 'vừa rồi'}, không xóa được nữa`,
          { attachmentId: id, submittedAt: attachment.submittedAt?.toISOString() ?? null },
        );
      }
      await auditApiChange(db, {
        action: 'attachment.delete',
        targetType: 'task',
        targetId: attachment.taskId,
        before: attachmentAudit(attachment),
        after: { id, deleted: true },
      });
    });
  }

  /** An attachment not deleted whose task the caller may read; otherwise 404, worded as for none. */
  private async readable(id: string): Promise<AttachmentEntity> {
    const missing = new NotFoundError('attachment', id);
    if (!isUuid(id)) throw missing;
    const attachment = await this.dataSource
      .getRepository(AttachmentEntity)
      .findOne({ where: { id, deletedAt: IsNull() } });
    if (attachment === null) throw missing;
    const task = await this.scope.visible(TaskEntity, attachment.taskId, (scope, alias) => scope.tasks(alias, 'row'));
    if (task === null) throw missing;
    return attachment;
  }
}

function assertOpen(task: TaskEntity, what: string): void {
  if (isTerminal(task.status)) {
    throw new ConflictError(`không thể ${what} nhiệm vụ ${task.id}: nhiệm vụ đã kết thúc (${task.status})`, {
      status: task.status,
    });
  }
}

function attachmentAudit(row: AttachmentEntity): Record<string, unknown> {
  return { id: row.id, sha256: row.sha256, size: row.size, contentType: row.contentType, fileName: row.fileName };
}

/** The row as the API shows it. */
export function attachmentView(row: AttachmentEntity): AttachmentView {
  return {
    id: row.id,
    taskId: row.taskId,
    sha256: row.sha256,
    size: row.size,
    contentType: row.contentType,
    fileName: row.fileName,
    uploadedBy: row.uploadedBy,
    uploadedByUnitId: row.uploadedByUnitId,
    createdAt: row.createdAt.toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    downloadPath: `/api/v1/attachments/${row.id}`,
  };
}
