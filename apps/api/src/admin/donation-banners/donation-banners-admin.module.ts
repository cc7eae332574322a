import { Module } from '@nestjs/common';
import { ArticleAppealsController } from './article-appeals.controller.js';
import { DonationCampaignsController } from './donation-campaigns.controller.js';

/** /v1/admin/donation-campaigns and /v1/admin/articles/:id/appeals (DonationBannersModule is global). */
@Module({ controllers: [DonationCampaignsController, ArticleAppealsController] })
export class DonationBannersAdminModule {}
