import { Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { contentFastPath } from './content-fast-path.js';
import { frontDoorOf } from '../../http/front-door.js';
import { ContributorsModule } from '#libs/contributors';
import { ImageCreditsModule } from '#libs/image-credits';
import { ApiKeysService, IdentityModule } from '#libs/identity';
import { ContentCache, PublicationModule } from '#libs/publication';
import { TaxonomyModule } from '#libs/taxonomy';
import { ArticleExtras } from './article-extras.js';
import { RelatedStoriesModule } from '#libs/related-stories';
import { NewsletterSignupsModule } from '#libs/newsletter-signups';
import { SiteSettingsModule } from '#libs/site-settings';
import { ContentArticlesController } from './content-articles.controller.js';
import { ContentPagesService } from './content-pages.service.js';

@Module({
  imports: [IdentityModule, PublicationModule, TaxonomyModule, ContributorsModule, ImageCreditsModule, RelatedStoriesModule, NewsletterSignupsModule, SiteSettingsModule],
  providers: [ContentPagesService, ArticleExtras],
  controllers: [ContentArticlesController],
})
export class ContentArticlesModule implements OnApplicationBootstrap {
  constructor(
    private readonly cache: ContentCache,
    adapterHost: HttpAdapterHost,
    apiKeys: ApiKeysService,
    pages: ContentPagesService,
    extras: ArticleExtras,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // in front of Fastify when the server has a front door (buildApiApp gives it one)
    frontDoorOf(adapterHost.httpAdapter.getInstance<FastifyInstance>().server)?.use(contentFastPath({ cache, apiKeys, pages, extras, config }));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.cache.start();
  }
}
