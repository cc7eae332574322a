import { Module } from '@nestjs/common';
import { AccountAdminRepository } from './account-admin.repository.js';
import { AccountAdminService } from './account-admin.service.js';
import { AuditQueryService } from './audit-query.service.js';
import { IdentityModule } from './identity.module.js';
import { InvitesService } from './invites.service.js';
import { PasswordResetService } from './password-reset.service.js';

/** Account administration, invitations, password resets and the audit-log query. */
@Module({
  imports: [IdentityModule],
  providers: [AccountAdminRepository, AccountAdminService, InvitesService, PasswordResetService, AuditQueryService],
  exports: [AccountAdminService, InvitesService, PasswordResetService, AuditQueryService],
})
export class IdentityAdminModule {}
