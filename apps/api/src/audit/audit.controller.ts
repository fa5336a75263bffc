import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuditRecord } from '@dondoc/audit';
import { FieldErrors } from '../errors/errors';
import { parseLimit, type Page } from '../pagination/pagination';
import { parseInstant } from '../time/times';
import { Roles } from '../http/access.guard';
import { ApiPage } from '../openapi/responses';
import { AuditService } from './audit.service';

/** The audit trail, in the chain's order (oldest first), for admins. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Roles('admin')
  @Get()
  @ApiPage()
  @ApiOperation({ summary: 'Audit records in chain order; `npm run audit:verify` checks the chain' })
  @ApiQuery({ name: 'actor', required: false })
  @ApiQuery({ name: 'unitId', required: false, description: 'the acting person’s unit' })
  @ApiQuery({ name: 'action', required: false, example: 'task.acknowledge' })
  @ApiQuery({ name: 'targetType', required: false, example: 'task' })
  @ApiQuery({ name: 'targetId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'ISO-8601 instant, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO-8601 instant, exclusive' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async list(
    @Query('actor') actor?: string,
    @Query('unitId') unitId?: string,
    @Query('action') action?: string,
    @Query('targetType') targetType?: string,
    @Query('targetId') targetId?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ): Promise<Page<AuditRecord>> {
    const problems: { field: string; problem: string }[] = [];
    const instants: { from?: Date; to?: Date } = {};
    for (const [field, raw] of [['from', from], ['to', to]] as const) {
      if (raw === undefined || raw === '') continue;
      const instant = parseInstant(raw);
      if ('problem' in instant) problems.push({ field, problem: instant.problem });
      else instants[field] = instant.at;
    }
    if (problems.length > 0) throw new FieldErrors(problems);
    return this.audit.list({ actor, unitId, action, targetType, targetId, ...instants }, parseLimit(limit), cursor);
  }
}
