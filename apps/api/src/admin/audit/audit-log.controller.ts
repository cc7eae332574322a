import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditQueryService, RequirePermission } from '#libs/identity';
import { ApiErrors } from '../../http/api-errors.js';
import { AuditLogQuery, AuditEntryResponse, AuditPageResponse } from './audit-log.dto.js';

/** Read-only: the audit log has no update or delete route (and the table refuses both). */
@ApiTags('admin: audit log')
@Controller('v1/admin/audit-log')
@ApiErrors({ 401: [], 403: [] })
export class AuditLogController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @RequirePermission('audit.read')
  @ApiOperation({ summary: 'Query the audit log by actor, target, action and time, newest first (keyset pagination)' })
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR', 'AUDIT_FILTER_INVALID'] })
  async list(@Query() q: AuditLogQuery): Promise<AuditPageResponse> {
    const page = await this.audit.list(
      {
        actor: q.actor,
        targetType: q.targetType,
        targetId: q.targetId,
        action: q.action,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      },
      q.cursor,
      q.limit,
    );
    return { items: page.items.map((r) => AuditEntryResponse.from(r)), nextCursor: page.nextCursor };
  }
}
