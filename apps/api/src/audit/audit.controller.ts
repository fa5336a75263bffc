import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRecordResponse } from './audit.responses';
import type { AuditRecord } from '@dondoc/audit';
import type { Page } from '../pagination/pagination';
import { Roles } from '../http/access.guard';
import { ApiPage } from '../openapi/responses';
import { AuditQuery } from './audit.dto';
import { AuditService } from './audit.service';

/** The audit trail, in the chain's order (oldest first), for admins. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Roles('admin')
  @Get()
  @ApiPage(AuditRecordResponse)
  @ApiOperation({ summary: 'Audit records in chain order; `npm run audit:verify` checks the chain' })
  async list(@Query() query: AuditQuery): Promise<Page<AuditRecord>> {
    return this.audit.list(query, query.limit, query.cursor);
  }
}
