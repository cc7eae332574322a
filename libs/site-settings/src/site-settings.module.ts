import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '#libs/identity';
import { ImageCreditsModule } from '#libs/image-credits';
import { NewsletterSignupsModule } from '#libs/newsletter-signups';
import { TaxonomyModule } from '#libs/taxonomy';
import { SITE_SETTINGS_ENTITIES } from './site-settings.entities.js';
import { SiteSettingsRepository } from './site-settings.repository.js';
import { SiteSettingsService } from './site-settings.service.js';

@Module({
  imports: [TypeOrmModule.forFeature(SITE_SETTINGS_ENTITIES), IdentityModule, ImageCreditsModule, NewsletterSignupsModule, TaxonomyModule],
  providers: [SiteSettingsRepository, SiteSettingsService],
  exports: [SiteSettingsService],
})
export class SiteSettingsModule {}
