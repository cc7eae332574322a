import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuditQueryService, RequirePermission } from '#libs/identity';
import { ErrorResponse } from '../../http/error-body.js';
import { AuditLogQuery, AuditEntryResponse, AuditPageResponse } from './audit-log.dto.js';

/** Read-only: the audit log has no update or delete route (and the table refuses both). */
@ApiTags('admin: audit log')
@Controller('v1/admin/audit-log')
@ApiUnauthorizedResponse({ type: ErrorResponse })
@ApiForbiddenResponse({ type: ErrorResponse })
export class AuditLogController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @RequirePermission('audit.read')
  @ApiOperation({ summary: 'Query the audit log by actor, target, action and time, newest first (keyset pagination)' })
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'VALIDATION_FAILED, INVALID_CURSOR, AUDIT_FILTER_INVALID' })
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
