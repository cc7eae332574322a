import { Injectable } from '@nestjs/common';
import { BannerChoiceService } from '#libs/donation-banners';
import { NewsletterSignupsService } from '#libs/newsletter-signups';
import { RelatedStoriesService } from '#libs/related-stories';
import type { ArticlePage } from '#libs/publication';

/**
 * What the article page carries besides the article itself, each from its own lib: related
 * story teasers, the donation banner slots and the newsletter box. The page is cached per URL
 * (so per `reader`), for at most CONTENT_CACHE_TTL: a campaign that starts or ends shows up
 * within that time, and any publication change drops the cache at once.
 */
@Injectable()
export class ArticleExtras {
  // the newsletter box changes rarely: one read per few seconds per instance, not per render
  private offer: { until: number; value: Promise<Awaited<ReturnType<NewsletterSignupsService['offer']>>> } | undefined;

  constructor(
    private readonly related: RelatedStoriesService,
    private readonly newsletter: NewsletterSignupsService,
    private readonly banners: BannerChoiceService,
  ) {}

  /** Everything but the article. Cached with the page (per reader id when one is sent). */
  async forArticle(page: ArticlePage, readerId?: string): Promise<Record<string, unknown>> {
    const [relatedStories, offer, donationBanners] = await Promise.all([
      this.related.teasersFor(page.articleId, 3),
      this.newsletterOffer(),
      this.donationBanners(page, readerId),
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
  async donationBanners(page: ArticlePage, readerId?: string): Promise<unknown> {
    // the page already says what the article is: no second read of the read model
    const context = { articleId: page.articleId, sectionId: page.section.id, typeId: page.type.id, tagIds: page.tags.map((t) => t.id), noAppeals: false };
    const chosen = await this.banners.chooseForArticle(context, readerId ?? null);
    return chosen.placements;
  }

  private newsletterOffer() {
    const now = Date.now();
    if (!this.offer || this.offer.until <= now) {
      const value = this.newsletter.offer();
      this.offer = { until: now + 5_000, value };
      value.catch(() => (this.offer = undefined));
    }
    return this.offer.value;
  }
}
