import { Module } from '@nestjs/common';
import { NewsletterSignupsModule } from '#libs/newsletter-signups';
import { NewsletterListsController } from './newsletter-lists.controller.js';
import { NewsletterSubscribersController } from './newsletter-subscribers.controller.js';

/** Newsletter administration (/v1/admin/newsletter), permission newsletter.manage. */
@Module({ imports: [NewsletterSignupsModule], controllers: [NewsletterListsController, NewsletterSubscribersController] })
export class NewsletterAdminModule {}
