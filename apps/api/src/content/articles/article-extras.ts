import { Injectable } from '@nestjs/common';
import { BannerChoiceService, type ChosenBanner, type GlobalCap } from '#libs/donation-banners';
import { ContentBannerResponse } from '../donation-banners/donation-banners.dto.js';
import { NewsletterSignupsService } from '#libs/newsletter-signups';
import { DEFAULT_TEASER_COUNT, RelatedStoriesService } from '#libs/related-stories';
import { ContentCache, type CachedResponse, type StoredPage } from '#libs/publication';
import { readerPage, readerPart, sharedPage, sharedPart, type ArticlePageObject, type NewsletterBox, type PagePart } from './article-page.js';

type NewsletterOffer = Awaited<ReturnType<NewsletterSignupsService['offer']>>;

/**
 * What the article page carries besides the article itself, each from its own lib (the bytes
 * are assembled by article-page.ts, which owns the wire format): related
 * story teasers and the newsletter box (the same for every reader: cached with the page, and
 * dropped with it on any publication change or after CONTENT_CACHE_TTL), and the donation
 * banner slots (per reader: chosen on every request, in memory, from the campaign snapshot).
 */
@Injectable()
export class ArticleExtras {
  // the newsletter box changes rarely: one read per few seconds per instance, not per render
  private offer: { until: number; value: Promise<NewsletterOffer> } | undefined;
  private box: { offer: NewsletterOffer; part: PagePart } | undefined;
  private readonly tails = new Map<string, PagePart>();
  private readonly serials = new WeakMap<object, number>();
  private serial = 0;

  constructor(
    private readonly related: RelatedStoriesService,
    private readonly newsletter: NewsletterSignupsService,
    private readonly banners: BannerChoiceService,
    cache: ContentCache,
  ) {
    // the box is part of the cached page: a page rendered after a change must not reuse the old offer
    cache.onInvalidate(() => (this.offer = undefined));
  }

  /**
   * The page shared by every reader (stage 2 of article-page.ts) and its strong ETag: the stored
   * bytes, with the teasers chosen now if they are not yet, and the newsletter box.
   */
  async shared(page: StoredPage): Promise<{ body: Buffer; etag: string; teaserIds: string[] }> {
    const [computed, offer] = page.teasersPending
      ? await Promise.all([this.related.teasersFor(page.articleId, DEFAULT_TEASER_COUNT), this.newsletterOffer()])
      : [null, await this.newsletterOffer()];
    const { body, etag } = sharedPage(page, computed, this.boxOf(offer));
    return { body, etag, teaserIds: computed ? computed.map((t) => t.articleId) : page.teaserIds };
  }

  /**
   * What a draft's preview shows besides the article, as the live page would: the related-story
   * teasers chosen now, the newsletter box and the donation banners for this piece (issue 19: the
   * desk's preview is what a front-end gets). Never cached: a preview is private.
   */
  async forPreview(page: { articleId: string; section: { id: string }; type: { id: string }; tags: { id: string }[] }): Promise<Omit<ArticlePageObject, 'article'>> {
    const [teasers, offer, chosen] = await Promise.all([
      this.related.teasersFor(page.articleId, DEFAULT_TEASER_COUNT),
      this.newsletterOffer(),
      this.banners.chooseForArticle({ articleId: page.articleId, sectionId: page.section.id || null, typeId: page.type.id || null, tagIds: page.tags.map((t) => t.id), noAppeals: false }, null),
    ]);
    return { relatedStories: teasers, newsletterBox: newsletterBoxOf(offer), donationBanners: bannersOf(chosen.placements), donationGlobalCap: chosen.globalCap };
  }

  /**
   * Finishes a (cached) article page for one reader (stage 3): the donation banners chosen now
   * and the global cap across all appeals. Anything that is not an article page passes through.
   */
  async personalize(core: CachedResponse, readerId?: string): Promise<CachedResponse> {
    const a = core.articleContext;
    if (!a || core.status !== 200) return core;
    const chosen = await this.banners.chooseForArticle({ ...a, noAppeals: false }, readerId ?? null);
    return readerPage(core, this.tailOf(chosen.placements, chosen.globalCap));
  }

  /**
   * The bytes and ETag part for one set of chosen banners, serialized and hashed once per set: a
   * chosen banner is one object per (campaign, variant) for as long as the campaign snapshot
   * holds it, so a set is named by its objects' serial numbers.
   */
  private tailOf(placements: Record<string, ChosenBanner | null>, globalCap: GlobalCap): PagePart {
    // the cap comes from configuration: the same for every set this process builds
    let key = '';
    for (const b of Object.values(placements)) key += b ? `${this.serialOf(b)},` : '-,';
    let t = this.tails.get(key);
    if (!t) {
      // RULE: the page's banners are what the banner route answers: the public shape (no campaign
      // or variant names, no priority) and the global frequency cap
      t = readerPart({ donationBanners: bannersOf(placements), donationGlobalCap: globalCap });
      if (this.tails.size >= 1_000) this.tails.clear(); // sets of banners replaced by a new snapshot
      this.tails.set(key, t);
    }
    return t;
  }

  private serialOf(b: object): number {
    let n = this.serials.get(b);
    if (n === undefined) this.serials.set(b, (n = ++this.serial));
    return n;
  }

  /** The newsletter box member and the closing brace, as bytes with their hash: built once per offer. */
  private boxOf(offer: NewsletterOffer): PagePart {
    if (this.box?.offer === offer) return this.box.part;
    const newsletterBox = newsletterBoxOf(offer);
    this.box = { offer, part: sharedPart({ newsletterBox }) };
    return this.box.part;
  }

  private newsletterOffer(): Promise<NewsletterOffer> {
    const now = Date.now();
    if (!this.offer || this.offer.until <= now) {
      const value = this.newsletter.offer();
      this.offer = { until: now + 5_000, value };
      value.catch(() => (this.offer = undefined));
    }
    return this.offer.value;
  }
}

/** The newsletter box member: the lists open for sign-up and the consent text (null: none offered). */
function newsletterBoxOf(offer: NewsletterOffer): NewsletterBox | null {
  return offer.lists.length
    ? {
        lists: offer.lists.map((l) => ({ id: l.id, slug: l.slug, name: l.name, description: l.description })),
        consentTextId: offer.consentText?.id ?? null,
        consentText: offer.consentText?.text ?? null,
        subscribePath: '/v1/content/newsletter/subscriptions',
      }
    : null;
}

/** The donation banners member: each placement's banner in its public shape, or null. */
const bannersOf = (placements: Record<string, ChosenBanner | null>) => Object.fromEntries(Object.entries(placements).map(([p, b]) => [p, b && ContentBannerResponse.from(b)]));
