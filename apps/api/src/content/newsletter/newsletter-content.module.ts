import { Module } from '@nestjs/common';
import { NewsletterSignupsModule } from '#libs/newsletter-signups';
import { NewsletterContentController } from './newsletter.controller.js';

/** Newsletter routes of the content surface (/v1/content/newsletter). */
@Module({ imports: [NewsletterSignupsModule], controllers: [NewsletterContentController] })
export class NewsletterContentModule {}
