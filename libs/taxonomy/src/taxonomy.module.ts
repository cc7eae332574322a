import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '#libs/identity';
import { TAXONOMY_ENTITIES } from './taxonomy.entities.js';
import { TaxonomyRepository } from './taxonomy.repository.js';
import { TaxonomyService } from './taxonomy.service.js';

@Module({
  imports: [TypeOrmModule.forFeature(TAXONOMY_ENTITIES), IdentityModule],
  providers: [TaxonomyRepository, TaxonomyService],
  exports: [TaxonomyService],
})
export class TaxonomyModule {}
