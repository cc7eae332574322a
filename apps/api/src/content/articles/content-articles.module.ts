import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { ContributorsModule } from '#libs/contributors';
import { IdentityModule } from '#libs/identity';
import { ContentCache, PublicationModule } from '#libs/publication';
import { TaxonomyModule } from '#libs/taxonomy';
import { ArticleExtras } from './article-extras.js';
import { RelatedStoriesModule } from '#libs/related-stories';
import { NewsletterSignupsModule } from '#libs/newsletter-signups';
import { ContentArticlesController } from './content-articles.controller.js';
import { ContentPagesService } from './content-pages.service.js';

@Module({
  imports: [IdentityModule, PublicationModule, TaxonomyModule, ContributorsModule, RelatedStoriesModule, NewsletterSignupsModule],
  providers: [ContentPagesService, ArticleExtras],
  controllers: [ContentArticlesController],
})
export class ContentArticlesModule implements OnApplicationBootstrap {
  constructor(private readonly cache: ContentCache) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.cache.start();
  }
}
