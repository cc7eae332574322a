import { Injectable } from '@nestjs/common';
import { BannerChoiceService, type ChosenBanner, type GlobalCap } from '#libs/donation-banners';
import { ContentBannerResponse } from '../donation-banners/donation-banners.dto.js';
import { SiteSettingsService, type PageBoxes } from '#libs/site-settings';
import { DEFAULT_TEASER_COUNT, RelatedStoriesService } from '#libs/related-stories';
import { ContentCache, type CachedResponse, type StoredPage } from '#libs/publication';
import { readerPage, readerPart, sharedPage, sharedPart, type ArticlePageObject, type NewsletterBox, type PagePart } from './article-page.js';

/**
 * What the article page carries besides the article itself, each from its own lib (the bytes
 * are assembled by article-page.ts, which owns the wire format): related
 * story teasers and the newsletter box of the piece's section (the same for every reader: cached
 * with the page, and dropped with it on any publication, newsletter or site settings change or
 * after CONTENT_CACHE_TTL), and the donation
 * banner slots (per reader: chosen on every request, in memory, from the campaign snapshot).
 */
@Injectable()
export class ArticleExtras {
  // the newsletter boxes change rarely: one read per few seconds per instance, not per render
  private boxes: { until: number; value: Promise<PageBoxes> } | undefined;
  // the box member's bytes per section, built once per read of the boxes
  private boxParts: { of: PageBoxes; bySection: Map<string, PagePart> } | undefined;
  private readonly tails = new Map<string, PagePart>();
  private readonly serials = new WeakMap<object, number>();
  private serial = 0;

  constructor(
    private readonly related: RelatedStoriesService,
    private readonly siteSettings: SiteSettingsService,
    private readonly banners: BannerChoiceService,
    cache: ContentCache,
  ) {
    // the box is part of the cached page: a page rendered after a change must not reuse the old boxes
    cache.onInvalidate(() => (this.boxes = undefined));
  }

  /**
   * The page shared by every reader (stage 2 of article-page.ts) and its strong ETag: the stored
   * bytes, with the teasers chosen now if they are not yet, and the newsletter box of its section.
   */
  async shared(page: StoredPage): Promise<{ body: Buffer; etag: string; teaserIds: string[] }> {
    const [computed, boxes] = page.teasersPending
      ? await Promise.all([this.related.teasersFor(page.articleId, DEFAULT_TEASER_COUNT), this.pageBoxes()])
      : [null, await this.pageBoxes()];
    const { body, etag } = sharedPage(page, computed, this.boxOf(boxes, page.sectionId));
    return { body, etag, teaserIds: computed ? computed.map((t) => t.articleId) : page.teaserIds };
  }

  /**
   * What a draft's preview shows besides the article, as the live page would: the related-story
   * teasers chosen now, the newsletter box and the donation banners for this piece (issue 19: the
   * desk's preview is what a front-end gets). Never cached: a preview is private.
   */
  async forPreview(page: { articleId: string; section: { id: string }; type: { id: string }; tags: { id: string }[] }): Promise<Omit<ArticlePageObject, 'article'>> {
    const [teasers, boxes, chosen] = await Promise.all([
      this.related.teasersFor(page.articleId, DEFAULT_TEASER_COUNT),
      this.pageBoxes(),
      this.banners.chooseForArticle(
        { articleId: page.articleId, sectionId: page.section.id || null, typeId: page.type.id || null, tagIds: page.tags.map((t) => t.id), noAppeals: false },
        null,
      ),
    ]);
    return {
      relatedStories: teasers,
      newsletterBox: newsletterBoxOf(boxes, page.section.id || null),
      donationBanners: bannersOf(chosen.placements),
      donationGlobalCap: chosen.globalCap,
    };
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

  /** The newsletter box member of a section's pages and the closing brace, as bytes with their hash: built once per read of the boxes. */
  private boxOf(boxes: PageBoxes, sectionId: string): PagePart {
    if (this.boxParts?.of !== boxes) this.boxParts = { of: boxes, bySection: new Map() };
    let part = this.boxParts.bySection.get(sectionId);
    if (!part) this.boxParts.bySection.set(sectionId, (part = sharedPart({ newsletterBox: newsletterBoxOf(boxes, sectionId) })));
    return part;
  }

  private pageBoxes(): Promise<PageBoxes> {
    const now = Date.now();
    if (!this.boxes || this.boxes.until <= now) {
      const value = this.siteSettings.pageBoxes();
      this.boxes = { until: now + 5_000, value };
      value.catch(() => (this.boxes = undefined));
    }
    return this.boxes.value;
  }
}

/**
 * RULE: the newsletter box member of a page: its section's box of the site settings (the
 * section's copy and lists, else the default's), the lists still open, and the consent text;
 * null when no list is offered.
 */
function newsletterBoxOf(boxes: PageBoxes, sectionId: string | null): NewsletterBox | null {
  const box = boxes.boxFor(sectionId);
  return box.lists.length
    ? {
        heading: box.heading,
        body: box.body,
        buttonLabel: box.buttonLabel,
        lists: box.lists.map((l) => ({ id: l.id, slug: l.slug, name: l.name, description: l.description })),
        consentTextId: boxes.consentText?.id ?? null,
        consentText: boxes.consentText?.text ?? null,
        subscribePath: '/v1/content/newsletter/subscriptions',
      }
    : null;
}

/** The donation banners member: each placement's banner in its public shape, or null. */
const bannersOf = (placements: Record<string, ChosenBanner | null>) => Object.fromEntries(Object.entries(placements).map(([p, b]) => [p, b && ContentBannerResponse.from(b)]));
