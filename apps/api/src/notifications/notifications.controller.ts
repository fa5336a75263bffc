import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@dondoc/auth';
import type { Page } from '../pagination/pagination';
import { FieldErrors } from '../errors/errors';
import { Roles } from '../http/access.guard';
import { parseInstant } from '../time/times';
import { ListNotificationsQuery, MarkedRead, MarkReadBody, NotificationView, UnreadCount } from './notifications.dto';
import { NotificationsService } from './notifications.service';
import { NotificationResponse } from './notifications.responses';
import { ApiPage } from '../openapi/responses';

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

  @Roles(...ROLES)
  @Get('unread-count')
  @ApiOkResponse({ type: UnreadCount })
  async unreadCount(): Promise<UnreadCount> {
    return this.notifications.unreadCount();
  }

  /** Declared before `:id/read`, though the paths cannot clash: `read` alone is the bulk read. */
  @Roles(...ROLES)
  @Post('read')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkedRead })
  async markAllRead(@Body() body: MarkReadBody): Promise<MarkedRead> {
    const before = parseInstant(body.before);
    if ('problem' in before) throw new FieldErrors([{ field: 'before', problem: before.problem }]);
    return this.notifications.markAllRead(before.at);
  }

  @Roles(...ROLES)
  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationResponse })
  async markRead(@Param('id') id: string): Promise<NotificationView> {
    return this.notifications.markRead(id);
  }
}
