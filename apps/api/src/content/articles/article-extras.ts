import { Injectable } from '@nestjs/common';
import { BannerChoiceService } from '#libs/donation-banners';
import { NewsletterSignupsService } from '#libs/newsletter-signups';
import { RelatedStoriesService } from '#libs/related-stories';

/**
 * What the article page carries besides the article itself, each from its own lib: related
 * story teasers, the donation banner slots and the newsletter box. The page is cached per URL
 * (so per `reader`), for at most CONTENT_CACHE_TTL: a campaign that starts or ends shows up
 * within that time, and any publication change drops the cache at once.
 */
@Injectable()
export class ArticleExtras {
  constructor(
    private readonly related: RelatedStoriesService,
    private readonly newsletter: NewsletterSignupsService,
    private readonly banners: BannerChoiceService,
  ) {}

  /** Everything but the article. Cached with the page (per reader id when one is sent). */
  async forArticle(articleId: string, readerId?: string): Promise<Record<string, unknown>> {
    const [relatedStories, offer, donationBanners] = await Promise.all([
      this.related.teasersFor(articleId, 3),
      this.newsletter.offer(),
      this.donationBanners(articleId, readerId),
    ]);
    const newsletterBox = offer.lists.length
      ? {
          lists: offer.lists.map((l) => ({ id: l.id, slug: l.slug, name: l.name, description: l.description })),
          consentTextId: offer.consentText?.id ?? null,
          consentText: offer.consentText?.text ?? null,
          subscribePath: '/v1/content/newsletter/subscriptions',
        }
      : null;
    return { relatedStories, donationBanners, newsletterBox };
  }

  /** Banner slots for this reader; empty placements when nothing runs or the piece has "no appeals". */
  async donationBanners(articleId: string, readerId?: string): Promise<unknown> {
    const chosen = await this.banners.chooseForArticle(articleId, readerId ?? null);
    return chosen.placements;
  }
}
