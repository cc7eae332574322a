import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGuard } from './access.guard.js';
import { AuditLog } from './audit-log.service.js';
import { AccountsService } from './accounts.service.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthService } from './auth.service.js';
import { IDENTITY_ENTITIES } from './identity.entities.js';
import { IdentityRepository } from './identity.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature(IDENTITY_ENTITIES)],
  providers: [IdentityRepository, AuthService, ApiKeysService, AccountsService, AuditLog, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService, ApiKeysService, AccountsService, AuditLog],
})
export class IdentityModule {}
