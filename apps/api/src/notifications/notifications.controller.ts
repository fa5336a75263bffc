import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { NotificationResponse } from './notifications.responses';
import { ROLES } from '@dondoc/auth';
import type { Page } from '../pagination/pagination';
import { Roles } from '../http/access.guard';
import { ApiPage } from '../openapi/responses';
import { ListNotificationsQuery, type NotificationView } from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Roles(...ROLES)
  @Get()
  @ApiPage(NotificationResponse)
  async list(@Query() query: ListNotificationsQuery): Promise<Page<NotificationView>> {
    return this.notifications.list(query, query.limit, query.cursor);
  }
}
