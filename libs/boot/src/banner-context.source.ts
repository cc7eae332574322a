import { Injectable } from '@nestjs/common';
import { BannerArticleContextSource, type BannerArticleContext } from '#libs/donation-banners';
import { PublicationReader } from '#libs/publication';

/** Banner targeting reads what an article is from the public read model: live pieces only. */
@Injectable()
export class PublishedArticleBannerContext extends BannerArticleContextSource {
  constructor(private readonly reader: PublicationReader) {
    super();
  }

  async find(articleRef: string): Promise<BannerArticleContext | null> {
    const c = await this.reader.contextOf(articleRef);
    return c ? { ...c, noAppeals: false } : null;
  }
}
