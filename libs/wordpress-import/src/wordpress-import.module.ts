import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesModule } from '#libs/articles';
import { ContributorsModule } from '#libs/contributors';
import { EditorialWorkflowModule } from '#libs/editorial-workflow';
import { IdentityAdminModule, IdentityModule } from '#libs/identity';
import { ImageCreditsModule } from '#libs/image-credits';
import { PublicationModule } from '#libs/publication';
import { TaxonomyModule } from '#libs/taxonomy';
import { WORDPRESS_IMPORT_ENTITIES } from './wordpress-import.entities.js';
import { WordpressImportRepository } from './wordpress-import.repository.js';
import { WordpressImporter } from './wordpress-importer.js';
import { WordpressImportsService } from './wordpress-imports.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature(WORDPRESS_IMPORT_ENTITIES),
    IdentityModule,
    IdentityAdminModule,
    ArticlesModule,
    ContributorsModule,
    TaxonomyModule,
    ImageCreditsModule,
    PublicationModule,
    EditorialWorkflowModule,
  ],
  providers: [WordpressImportRepository, WordpressImporter, WordpressImportsService],
  exports: [WordpressImporter, WordpressImportsService],
})
export class WordpressImportModule {}
