import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ArticlesRepository } from '#libs/articles';
import { ContributorBylines, type BylineMove } from '#libs/contributors';

/** Contributors count and move bylines through the articles lib, which owns them. */
@Injectable()
export class ArticleBylinesForContributors extends ContributorBylines {
  constructor(private readonly articles: ArticlesRepository) {
    super();
  }

  articleCounts(contributorIds: string[], m?: EntityManager): Promise<Map<string, number>> {
    return this.articles.articleCountsByContributor(contributorIds, m);
  }

  move(m: EntityManager, fromId: string, intoId: string): Promise<BylineMove> {
    return this.articles.moveBylines(m, fromId, intoId);
  }
}
