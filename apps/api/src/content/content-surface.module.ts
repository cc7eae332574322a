import { Module } from '@nestjs/common';
import { IdentityModule } from '#libs/identity';
import { ContentStatusController } from './status.controller.js';
import { NewsletterContentModule } from './newsletter/newsletter-content.module.js';
import { MediaModule } from '../admin/images/media.module.js';
import { DonationBannersContentModule } from './donation-banners/donation-banners-content.module.js';
import { ContentArticlesModule } from './articles/content-articles.module.js';

/** The content surface: /v1/content/* and feeds, for site front-ends holding an API key. */
@Module({ imports: [IdentityModule, NewsletterContentModule, DonationBannersContentModule, MediaModule, ContentArticlesModule], controllers: [ContentStatusController] })
export class ContentSurfaceModule {}
