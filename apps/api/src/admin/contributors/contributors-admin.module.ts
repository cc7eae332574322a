import { Module } from '@nestjs/common';
import { ContributorsModule } from '#libs/contributors';
import { ContributorsController } from './contributors.controller.js';

/** /v1/admin/contributors. */
@Module({ imports: [ContributorsModule], controllers: [ContributorsController] })
export class ContributorsAdminModule {}
