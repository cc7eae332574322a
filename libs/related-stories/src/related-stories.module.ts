import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesModule } from '#libs/articles';
import { IdentityModule } from '#libs/identity';
import { ImageCreditsModule } from '#libs/image-credits';
import { OutboxRelay } from '#libs/outbox';
import { RELATED_STORIES_ENTITIES } from './related-stories.entity.js';
import { RelatedStoriesRepository } from './related-stories.repository.js';
import { RelatedStoriesService } from './related-stories.service.js';
import { TeaserAlertHandlers } from './teaser-alerts.handlers.js';
import { TeaserAlertsService } from './teaser-alerts.service.js';

/** Related-story teasers (pins + automatic fill) and teaser alerts. */
@Module({
  imports: [TypeOrmModule.forFeature(RELATED_STORIES_ENTITIES), ArticlesModule, ImageCreditsModule, IdentityModule],
  providers: [RelatedStoriesRepository, RelatedStoriesService, TeaserAlertsService, TeaserAlertHandlers],
  exports: [RelatedStoriesService, TeaserAlertsService],
})
export class RelatedStoriesModule implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly handlers: TeaserAlertHandlers,
  ) {}

  onModuleInit(): void {
    for (const h of this.handlers.all()) this.relay.register(h);
  }
}
