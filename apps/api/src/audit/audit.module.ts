import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** GET /audit: the audit trail, for admins. (The API's own audit writes are record-api-change.ts.) */
@Module({ controllers: [AuditController], providers: [AuditService] })
export class AuditModule {}
