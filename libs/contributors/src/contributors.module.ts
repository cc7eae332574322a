import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '#libs/identity';
import { ImageCreditsModule } from '#libs/image-credits';
import { CONTRIBUTORS_ENTITIES } from './contributors.entities.js';
import { ContributorsRepository } from './contributors.repository.js';
import { ContributorsService } from './contributors.service.js';

@Module({
  imports: [TypeOrmModule.forFeature(CONTRIBUTORS_ENTITIES), IdentityModule, ImageCreditsModule],
  providers: [ContributorsRepository, ContributorsService],
  exports: [ContributorsService, ContributorsRepository],
})
export class ContributorsModule {}
