import { Injectable } from '@nestjs/common';
import { ArticlesRepository } from '#libs/articles';
import { ContributorsRepository } from '#libs/contributors';
import { BannerBylineSource, type BannerByline } from '#libs/donation-banners';

/** Banner reports learn who an article credits from the articles lib, and the names from contributors. */
@Injectable()
export class ArticleBylinesForBanners extends BannerBylineSource {
  constructor(
    private readonly articles: ArticlesRepository,
    private readonly contributors: ContributorsRepository,
  ) {
    super();
  }

  async bylinesOf(articleIds: readonly string[]): Promise<BannerByline[]> {
    const bylines = await this.articles.bylinesOf(articleIds);
    const names = new Map((await this.contributors.findByIds([...new Set(bylines.map((b) => b.contributorId))])).map((c) => [c.id, c.name]));
    return bylines.flatMap((b) => {
      const name = names.get(b.contributorId);
      return name === undefined ? [] : [{ articleId: b.articleId, contributorId: b.contributorId, name }];
    });
  }
}
