import { Module } from '@nestjs/common';
import { ArticlesModule } from '#libs/articles';
import { EditorialWorkflowModule } from '#libs/editorial-workflow';
import { IdentityModule } from '#libs/identity';
import { PublicationModule } from '#libs/publication';
import { ArticlesController } from './articles.controller.js';
import { WorkflowController } from './workflow.controller.js';

@Module({
  imports: [IdentityModule, ArticlesModule, EditorialWorkflowModule, PublicationModule],
  controllers: [ArticlesController, WorkflowController],
})
export class ArticlesAdminModule {}
