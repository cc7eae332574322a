import { Module } from '@nestjs/common';
import { SiteSettingsModule } from '#libs/site-settings';
import { SiteSettingsController } from './site-settings.controller.js';

/** /v1/admin/site-settings. */
@Module({ imports: [SiteSettingsModule], controllers: [SiteSettingsController] })
export class SiteSettingsAdminModule {}
