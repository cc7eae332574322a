import { Module } from '@nestjs/common';
import { IdentityModule } from '#libs/identity';
import { AuthController } from '../auth/auth.controller.js';
import { ApiKeysController } from './api-keys.controller.js';
import { NewsletterAdminModule } from './newsletter/newsletter-admin.module.js';
import { ImagesAdminModule } from './images/images-admin.module.js';
import { MediaModule } from './images/media.module.js';
import { DonationBannersAdminModule } from './donation-banners/donation-banners-admin.module.js';
import { TaxonomyAdminModule } from './taxonomy/taxonomy-admin.module.js';
import { ContributorsAdminModule } from './contributors/contributors-admin.module.js';
import { AccountsAdminModule } from './accounts/accounts-admin.module.js';
import { AuditAdminModule } from './audit/audit-admin.module.js';
import { ArticlesAdminModule } from './articles/articles-admin.module.js';
import { RelatedStoriesAdminModule } from './related-stories/related-stories-admin.module.js';
import { WebhooksAdminModule } from './webhooks/webhooks-admin.module.js';
import { NotificationsAdminModule } from './notifications/notifications-admin.module.js';
import { ImportsAdminModule } from './imports/imports-admin.module.js';
import { DeskModule } from '../desk/desk.module.js';
import { SiteSettingsAdminModule } from './site-settings/site-settings-admin.module.js';

/** The admin surface: /v1/auth/* and /v1/admin/* (editors, contributors, admins). */
@Module({
  imports: [
    IdentityModule,
    RelatedStoriesAdminModule,
    NewsletterAdminModule,
    TaxonomyAdminModule,
    ContributorsAdminModule,
    AccountsAdminModule,
    AuditAdminModule,
    ArticlesAdminModule,
    DonationBannersAdminModule,
    ImagesAdminModule,
    MediaModule,
    WebhooksAdminModule,
    NotificationsAdminModule,
    ImportsAdminModule,
    SiteSettingsAdminModule,
    DeskModule,
  ],
  controllers: [AuthController, ApiKeysController],
})
export class AdminSurfaceModule {}
