import { ApiProperty } from '@nestjs/swagger';
import { IsString, ValidateBy } from 'class-validator';
import type { NoticeKind } from '@dondoc/domain';
import { NOTICE_KINDS } from '@dondoc/domain';
import { DEFAULT_LIMIT } from '../pagination/pagination';
import { parseInstant } from '../time/times';
import {
  BooleanFilter,
  EnumListFilter,
  IdFilter,
  PageCursor,
  PageLimit,
  TextFilter,
} from '../validation/query-filters';
import { DATE_TIME_TYPE } from '../validation/type-messages';

/** A notice as the API shows it, with whether the caller has read it (documented by NotificationResponse). */
export interface NotificationView {
  id: string;
  unitId: string;
  taskId: string;
  directiveId: string;
  kind: NoticeKind;
  message: string;
  scheduledFor: string;
  createdAt: string;
  read: boolean;
}

/** The query of GET /notifications. */
export class ListNotificationsQuery {
  @TextFilter({ description: 'recipient unit' })
  unitId?: string;

  @IdFilter('task')
  taskId?: string;

  @EnumListFilter(NOTICE_KINDS)
  kind?: NoticeKind[];

  /** true: only the notices the caller has not read; false: only those they have. */
  @BooleanFilter()
  unread?: boolean;

  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}

/** The body of POST /notifications/read: every notice the caller sees, written up to this instant, is read. */
export class MarkReadBody {
  @ApiProperty({ format: 'date-time', example: '2026-12-18T17:00:00+07:00' })
  @IsString({ message: DATE_TIME_TYPE })
  @ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && 'at' in parseInstant(value),
      defaultMessage: (args) => {
        const read = parseInstant(String(args?.value));
        return 'problem' in read ? read.problem : '';
      },
    },
  })
  before!: string;
}

/** How many notices a bulk read marked (those already read are not counted again). */
export class MarkedRead {
  @ApiProperty({ minimum: 0 })
  marked!: number;
}

/** How many notices the caller sees and has not read. */
export class UnreadCount {
  @ApiProperty({ minimum: 0 })
  unread!: number;
}
