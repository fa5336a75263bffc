import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { recordFromRow, type AuditRecord } from '@dondoc/audit';
import { FieldErrors } from '../errors/errors';
import { decodeCursor, encodeCursor, parseLimit, type Page } from '../pagination/pagination';
import { parseInstant } from '../time/times';
import { Roles } from '../http/access.guard';
import { ApiPage } from '../openapi/responses';

/** The audit trail, in the chain's order (oldest first), for admins. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
    const take = parseLimit(limit);
    const after = decodeCursor(cursor, 1);
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    const problems: { field: string; problem: string }[] = [];
    for (const [field, raw, sql] of [['from', from, 'at >= ?'], ['to', to, 'at < ?']] as const) {
      if (raw === undefined || raw === '') continue;
      const instant = parseInstant(raw);
      if ('problem' in instant) problems.push({ field, problem: instant.problem });
      else add(sql, instant.at);
    }
    if (problems.length > 0) throw new FieldErrors(problems);
    if (actor) add('actor = ?', actor);
    if (unitId) add('unit_id = ?', unitId);
    if (action) add('action = ?', action);
    if (targetType) add('target_type = ?', targetType);
    if (targetId) add('target_id = ?', targetId);
    if (after !== null) add('seq > ?', Number(after[0]));
    values.push(take + 1);
    const rows = await this.dataSource.query<Parameters<typeof recordFromRow>[0][]>(
      `SELECT seq, at, actor, unit_id, action, target_type, target_id, before, after, request_id, prev_hash, hash
         FROM audit_records ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY seq LIMIT $${values.length}`,
      values,
    );
    const records = rows.slice(0, take).map(recordFromRow);
    return { items: records, nextCursor: rows.length > take ? encodeCursor([records.at(-1)!.seq]) : null };
  }
}

@Module({ controllers: [AuditController] })
export class AuditModule {}
