import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '#libs/identity';
import { NEWSLETTER_ENTITIES } from './newsletter.entities.js';
import { NewsletterAdminService } from './newsletter-admin.service.js';
import { NewsletterRepository } from './newsletter.repository.js';
import { NewsletterSignupsService } from './newsletter-signups.service.js';

/**
 * Newsletter lists, subscribers, double opt-in, consent and unsubscribe. Confirmation mails
 * go out as `mail.send` outbox messages (libs/mail relays them); Outbox and RateLimiter come
 * from their global modules.
 */
@Module({
  imports: [TypeOrmModule.forFeature(NEWSLETTER_ENTITIES), IdentityModule],
  providers: [NewsletterRepository, NewsletterSignupsService, NewsletterAdminService],
  exports: [NewsletterSignupsService, NewsletterAdminService],
})
export class NewsletterSignupsModule {}
