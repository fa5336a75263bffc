/** What GET /notifications answers, as a response DTO class for the OpenAPI document. */
import { ApiProperty } from '@nestjs/swagger';
import { NOTICE_KINDS, type NoticeKind } from '@dondoc/domain';
import type { NotificationView } from './notifications.dto';

/** A notice as the API shows it; implements the service's view so the two cannot drift apart. */
export class NotificationResponse implements NotificationView {
  @ApiProperty()
  id!: string;

  @ApiProperty({ description: 'The recipient unit' })
  unitId!: string;

  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ format: 'uuid' })
  directiveId!: string;

  @ApiProperty({ enum: NOTICE_KINDS })
  kind!: NoticeKind;

  @ApiProperty({ description: 'The notice as a person reads it (Vietnamese)' })
  message!: string;

  @ApiProperty({ format: 'date-time' })
  scheduledFor!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'Whether the caller has read it (read state is per person)' })
  read!: boolean;
}
