import { Global, Module } from '@nestjs/common';
import { ArticlesModule } from '#libs/articles';
import { ContributorBylines } from '#libs/contributors';
import { PublishedTeaserCandidates } from '#libs/publication';
import { TeaserCandidateSource } from '#libs/related-stories';
import { ArticleBylinesForContributors } from './contributor-bylines.source.js';

/**
 * The ports lower libs declare (abstract classes) bound to the higher libs that own the data.
 * Global, so a lib's own module finds its port without importing the lib above it.
 */
@Global()
@Module({
  imports: [ArticlesModule],
  providers: [
    { provide: ContributorBylines, useClass: ArticleBylinesForContributors },
    // teasers read the published-article read model
    { provide: TeaserCandidateSource, useClass: PublishedTeaserCandidates },
  ],
  exports: [ContributorBylines, TeaserCandidateSource],
})
export class PortsModule {}
