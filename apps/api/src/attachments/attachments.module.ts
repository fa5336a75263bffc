import { Module } from '@nestjs/common';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { ATTACHMENT_PROVIDERS } from './blob-store.provider';

/** Files attached to tasks, kept in the blob store that DONDOC_STORAGE names. */
@Module({
  controllers: [AttachmentsController],
  providers: [AttachmentsService, ...ATTACHMENT_PROVIDERS],
})
export class AttachmentsModule {}
