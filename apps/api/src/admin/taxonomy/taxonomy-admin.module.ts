import { Module } from '@nestjs/common';
import { TaxonomyModule } from '#libs/taxonomy';
import { ArticleTypesController } from './article-types.controller.js';
import { SectionsController } from './sections.controller.js';
import { TagsController } from './tags.controller.js';

/** /v1/admin/sections, /v1/admin/article-types, /v1/admin/tags. */
@Module({ imports: [TaxonomyModule], controllers: [SectionsController, ArticleTypesController, TagsController] })
export class TaxonomyAdminModule {}
