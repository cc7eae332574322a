import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { AuditRow } from '#libs/identity';
import { PageQuery } from '../../http/page-query.js';
import { IsInstant, IsOmittable } from '../../http/validators.js';

export class AuditLogQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Account id of the actor, or an actor label (an e-mail, `system`).' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  actor?: string;

  @ApiPropertyOptional({ example: 'account' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  targetId?: string;

  @ApiPropertyOptional({ description: 'Exact action (`account.deactivate`) or a prefix ending in `.*` (`account.*`).' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 time, inclusive.' })
  @IsOmittable()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 time, exclusive.' })
  @IsOmittable()
  @IsInstant()
  to?: string;
}

export class AuditEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null for the system.' }) actorId: string | null;
  @ApiProperty({ description: 'E-mail of the actor as of the action, or `system`.' }) actorLabel: string;
  @ApiProperty({ example: 'account.deactivate' }) action: string;
  @ApiProperty({ example: 'account' }) targetType: string;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Before/after summary of the change.' }) summary: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;

  static from(r: AuditRow): AuditEntryResponse {
    return {
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorLabel: r.actorLabel,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      summary: r.summary,
      requestId: r.requestId,
      ip: r.ip,
    };
  }
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditEntryResponse] }) items: AuditEntryResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor: string | null;
}
