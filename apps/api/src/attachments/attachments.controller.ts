import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ROLES } from '@dondoc/auth';
import { CurrentActor, type Actor } from '../actor/actor';
import { Roles } from '../http/access.guard';
import { AttachmentUploadErrorFilter } from './attachment-upload';
import { AttachmentListView, AttachmentUploadBody, AttachmentView } from './attachments.dto';
import { AttachmentsService } from './attachments.service';

/** Files attached to tasks: upload and list under the task, download and delete by the file's id. */
@ApiTags('attachments')
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Roles('officer', 'clerk')
  @Post('tasks/:id/attachments')
  @ApiOperation({
    summary: 'Attach one file to an open task (multipart field "file")',
    description:
      'PDF, DOCX, XLSX, ODT, PNG, JPEG or ZIP, told by content; at most DONDOC_ATTACHMENT_MAX (25 MB): 413 before the body is read; ' +
      'an empty file or a name with a path or control characters 400; another type 415.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AttachmentUploadBody })
  @ApiCreatedResponse({ type: AttachmentView })
  @UseFilters(AttachmentUploadErrorFilter)
  async upload(
    @Param('id') id: string,
    @Req() request: Request,
    @CurrentActor() actor: Actor,
  ): Promise<AttachmentView> {
    return this.attachments.upload(actor, id, request);
  }

  @Roles(...ROLES)
  @Get('tasks/:id/attachments')
  @ApiOperation({ summary: "The task's attachments, oldest first" })
  @ApiOkResponse({ type: AttachmentListView })
  async list(@Param('id') id: string): Promise<AttachmentListView> {
    return this.attachments.list(id);
  }

  @Roles(...ROLES)
  @Get('attachments/:id')
  @ApiOperation({ summary: 'Download the file, under its original name (RFC 6266 filename*)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The bytes; ETag and Repr-Digest carry the SHA-256',
    schema: { type: 'string', format: 'binary' },
  })
  async download(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const { attachment, body } = await this.attachments.download(id);
    response.setHeader('Content-Type', attachment.contentType);
    response.setHeader('Content-Length', String(attachment.size));
    response.setHeader('Content-Disposition', contentDisposition(attachment.fileName));
    response.setHeader('ETag', `"${attachment.sha256}"`);
    response.setHeader('Repr-Digest', `sha-256=:${Buffer.from(attachment.sha256, 'hex').toString('base64')}:`);
    response.setHeader('Cache-Control', 'private, no-store');
    await pipeline(body, response);
  }

  @Roles('officer', 'clerk')
  @Delete('attachments/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a file you attached, while the task is open and no submission named it' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.attachments.remove(actor, id);
  }
}
