import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationEntity } from '@dondoc/persistence';
import { FieldErrors } from '../common/errors';
import { keysetPage, parseLimit, toPage, type Page } from '../common/pagination';
import { isUuid, queryEnumList } from '../common/query';
import { Roles } from '../http/access.guard';
import { ScopeService } from '../scope/scope.service';
import { ROLES } from '@dondoc/auth';
import { ApiPage } from '../openapi/responses';
import { NOTICE_KINDS, type NoticeKind } from '@dondoc/domain';

/** A notice as the API shows it. */
export interface NotificationView {
  id: string;
  unitId: string;
  taskId: string;
  directiveId: string;
  kind: NoticeKind;
  message: string;
  scheduledFor: string;
  createdAt: string;
}

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

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
    const take = parseLimit(limit);
    // Oldest first: a unit reads its notices in the order they were sent.
    const visible = (await this.scope.current()).notifications('n');
    const qb = keysetPage(this.dataSource.getRepository(NotificationEntity).createQueryBuilder('n'), ['n.created_at', 'n.id'], 'ASC', take, cursor);
    // Only notices to the caller's unit, or to a unit their officers act for.
    qb.andWhere(visible.sql, visible.params);
    if (unitId) qb.andWhere('n.recipient_unit_id = :unitId', { unitId });
    if (taskId) qb.andWhere('n.task_id = :taskId', { taskId });
    if (kinds) qb.andWhere('n.kind IN (:...kinds)', { kinds });
    const rows = await qb.getMany();
    return toPage(rows, take, (n) => [n.createdAt.toISOString(), n.id], (n) => ({
      id: n.id,
      unitId: n.recipientUnitId,
      taskId: n.taskId,
      directiveId: n.directiveId,
      kind: n.kind,
      message: n.message,
      scheduledFor: n.scheduledFor.toISOString(),
      createdAt: n.createdAt.toISOString(),
    }));
  }
}

@Module({ controllers: [NotificationsController] })
export class NotificationsModule {}
