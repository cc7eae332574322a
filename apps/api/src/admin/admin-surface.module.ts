import { Module } from '@nestjs/common';
import { IdentityModule } from '#libs/identity';
import { AuthController } from '../auth/auth.controller.js';
import { ApiKeysController } from './api-keys.controller.js';

/** The admin surface: /v1/auth/* and /v1/admin/* (editors, contributors, admins). */
@Module({ imports: [IdentityModule], controllers: [AuthController, ApiKeysController] })
export class AdminSurfaceModule {}
