import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@dondoc/auth';
import { NOTICE_KINDS } from '@dondoc/domain';
import { FieldErrors } from '../errors/errors';
import { parseLimit, type Page } from '../pagination/pagination';
import { isUuid, queryEnumList } from '../validation/query';
import { Roles } from '../http/access.guard';
import { ApiPage } from '../openapi/responses';
import type { NotificationView } from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Roles(...ROLES)
  @Get()
  @ApiPage()
  @ApiQuery({ name: 'unitId', required: false, description: 'recipient unit' })
  @ApiQuery({ name: 'taskId', required: false })
  @ApiQuery({ name: 'kind', required: false, enum: NOTICE_KINDS })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async list(
    @Query('unitId') unitId?: string,
    @Query('taskId') taskId?: string,
    @Query('kind') kind?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ): Promise<Page<NotificationView>> {
    const kinds = queryEnumList('kind', kind, NOTICE_KINDS);
    if (taskId && !isUuid(taskId)) throw new FieldErrors([{ field: 'taskId', problem: 'must be the id of a task' }]);
    return this.notifications.list({ ...(unitId ? { unitId } : {}), ...(taskId ? { taskId } : {}), ...(kinds ? { kind: kinds } : {}) }, parseLimit(limit), cursor);
  }
}
