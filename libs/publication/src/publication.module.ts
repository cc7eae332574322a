import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesModule } from '#libs/articles';
import { ContributorsModule } from '#libs/contributors';
import { ImageCreditsModule } from '#libs/image-credits';
import { TaxonomyModule } from '#libs/taxonomy';
import { PUBLICATION_ENTITIES } from './published-article.entity.js';
import { PublicationService } from './publication.service.js';
import { PublicationReader } from './publication.reader.js';
import { ContentCache } from './content-cache.js';
import { PreviewLinksService } from './preview-links.service.js';
import { PublicationRefresher } from './publication-refresh.js';
import { PublicImageUses } from './public-image-uses.js';
import { IdentityModule } from '#libs/identity';
import { RelatedStoriesModule } from '#libs/related-stories';
import { SiteSettingsModule } from '#libs/site-settings';

@Module({
  imports: [
    TypeOrmModule.forFeature(PUBLICATION_ENTITIES),
    ArticlesModule,
    TaxonomyModule,
    ContributorsModule,
    ImageCreditsModule,
    IdentityModule,
    RelatedStoriesModule,
    SiteSettingsModule,
  ],
  providers: [PublicationService, PublicationReader, ContentCache, PreviewLinksService, PublicationRefresher, PublicImageUses],
  exports: [PublicationService, PublicationReader, ContentCache, PreviewLinksService],
})
export class PublicationModule {}
