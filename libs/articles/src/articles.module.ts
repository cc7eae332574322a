import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContributorsModule } from '#libs/contributors';
import { ImageCreditsModule } from '#libs/image-credits';
import { TaxonomyModule } from '#libs/taxonomy';
import { IdentityModule } from '#libs/identity';
import { ARTICLE_ENTITIES } from './article.entity.js';
import { ArticlesRepository } from './articles.repository.js';
import { ArticlesService } from './articles.service.js';

@Module({
  imports: [TypeOrmModule.forFeature(ARTICLE_ENTITIES), IdentityModule, TaxonomyModule, ContributorsModule, ImageCreditsModule],
  providers: [ArticlesRepository, ArticlesService],
  exports: [ArticlesRepository, ArticlesService],
})
export class ArticlesModule {}
