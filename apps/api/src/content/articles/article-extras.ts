import { Injectable } from '@nestjs/common';

/**
 * What the article page carries besides the article: related-story teasers, the donation
 * banner slot and the newsletter box. Each comes from its own lib.
 */
@Injectable()
export class ArticleExtras {
  async forArticle(articleId: string, readerId?: string): Promise<Record<string, unknown>> {
    void articleId;
    void readerId;
    return { relatedStories: [], donationBanners: {}, newsletterBox: null };
  }
}
