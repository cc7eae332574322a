import { Global, Module } from '@nestjs/common';
import { ArticlesModule } from '#libs/articles';
import { ContributorBylines } from '#libs/contributors';
import { ArticleBylinesForContributors } from './contributor-bylines.source.js';

/**
 * The ports lower libs declare (abstract classes) bound to the higher libs that own the data.
 * Global, so a lib's own module finds its port without importing the lib above it.
 */
@Global()
@Module({
  imports: [ArticlesModule],
  providers: [{ provide: ContributorBylines, useClass: ArticleBylinesForContributors }],
  exports: [ContributorBylines],
})
export class PortsModule {}
