import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ACCOUNT_STATUSES, ROLES, type AccountRecord, type AccountStatus, type Role } from '#libs/identity';
import { PageQuery } from '../../http/page-query.js';
import { IsOmittable } from '../../http/validators.js';

export class InviteAccountRequest {
  @ApiProperty({ example: 'new.reporter@example.org' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'Ada Reporter' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class ChangeRoleRequest {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class ListAccountsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ACCOUNT_STATUSES })
  @IsOmittable()
  @IsIn(ACCOUNT_STATUSES)
  status?: AccountStatus;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOmittable()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'Part of the e-mail or display name.' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class AccountResponse {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ enum: ACCOUNT_STATUSES, description: '`invited` until the invitation is accepted.' }) status: string;
  @ApiProperty({ description: 'Whether a password is set (false until an invitation is accepted).' }) hasPassword: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String }) lastLoginAt: string | null;

  static from(a: AccountRecord): AccountResponse {
    return {
      id: a.id,
      email: a.email,
      displayName: a.displayName,
      role: a.role,
      status: a.status,
      hasPassword: a.hasPassword,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
      lastLoginAt: a.lastLoginAt?.toISOString() ?? null,
    };
  }
}

export class AccountPageResponse {
  @ApiProperty({ type: [AccountResponse] }) items: AccountResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor: string | null;
}
