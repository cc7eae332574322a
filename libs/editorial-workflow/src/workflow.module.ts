import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesModule } from '#libs/articles';
import { IdentityModule } from '#libs/identity';
import { ImageCreditsModule } from '#libs/image-credits';
import { PublicationModule } from '#libs/publication';
import { WORKFLOW_ENTITIES } from './transition.entity.js';
import { WorkflowService } from './workflow.service.js';

@Module({
  imports: [TypeOrmModule.forFeature(WORKFLOW_ENTITIES), ArticlesModule, PublicationModule, ImageCreditsModule, IdentityModule],
  providers: [WorkflowService],
  exports: [WorkflowService],
})
export class EditorialWorkflowModule {}
