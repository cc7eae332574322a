import { Module } from '@nestjs/common';
import { ContentDonationBannersController } from './donation-banners.controller.js';

/** /v1/content/donation-banners and /v1/content/donation-campaigns/events (DonationBannersModule is global). */
@Module({ controllers: [ContentDonationBannersController] })
export class DonationBannersContentModule {}
