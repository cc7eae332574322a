import { Module } from '@nestjs/common';
import { IdentityModule } from '#libs/identity';
import { RelatedStoriesModule } from '#libs/related-stories';
import { RelatedStoriesController, TeaserAlertsController } from './related-stories.controller.js';

@Module({
  imports: [IdentityModule, RelatedStoriesModule],
  controllers: [RelatedStoriesController, TeaserAlertsController],
})
export class RelatedStoriesAdminModule {}
