import { Module } from '@nestjs/common';
import { IdentityAdminModule } from '#libs/identity';
import { AuditLogController } from './audit-log.controller.js';

/** The audit-log query (/v1/admin/audit-log). */
@Module({ imports: [IdentityAdminModule], controllers: [AuditLogController] })
export class AuditAdminModule {}
