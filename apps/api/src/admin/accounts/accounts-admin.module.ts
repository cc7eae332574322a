import { Module } from '@nestjs/common';
import { IdentityAdminModule } from '#libs/identity';
import { AccountTokensController } from '../../auth/account-tokens.controller.js';
import { AccountsController } from './accounts.controller.js';

/** Account administration (/v1/admin/accounts) and the mailed-link routes (/v1/auth/invites, /v1/auth/password-reset). */
@Module({ imports: [IdentityAdminModule], controllers: [AccountsController, AccountTokensController] })
export class AccountsAdminModule {}
