import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRecordResponse, AuditVerificationResponse } from './audit.responses';
import type { AuditRecord } from '@dondoc/audit';
import type { Page } from '../pagination/pagination';
import { Roles } from '../http/access.guard';
import { ApiErrors, ApiPage } from '../openapi/responses';
import { AuditQuery, AuditVerificationQuery } from './audit.dto';
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

  @Roles('admin')
  @Get('verification')
  @ApiOkResponse({ type: AuditVerificationResponse })
  @ApiErrors({ status: 404, description: 'No audit record has the number `afterSeq`' })
  @ApiOperation({
    summary: 'Checks the chain as `npm run audit:verify` does, a segment at a time',
    description:
      'Reads and hashes up to `limit` records after `afterSeq` (SHA-256 over canonical JSON, read 1,000 at a time), ' +
      'stopping at the first broken one. Cost grows with `limit`: roughly a few seconds per 100,000 records on a loaded ' +
      'machine, one database connection meanwhile; a longer chain is checked by following `nextAfterSeq`.',
  })
  async verify(@Query() query: AuditVerificationQuery): Promise<AuditVerificationResponse> {
    return this.audit.verify(query.afterSeq, query.records);
  }
}
