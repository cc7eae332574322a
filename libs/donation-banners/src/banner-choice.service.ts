import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Clock, DomainError, isUuid, newId } from '#libs/kernel';
import { BannerArticleContextSource } from './article-context.js';
import { CampaignSnapshot } from './campaign-snapshot.js';
import { BannerErrorCode } from './donation-banners.errors.js';
import { DonationBannersRepository } from './donation-banners.repository.js';
import { chooseBanner, pickBanner } from './choice.rules.js';
import { PLACEMENTS, type BannerArticleContext, type BannerChoice, type ChosenBanner, type GlobalCap, type Placement } from './donation-banners.rules.js';

/** What an article page carries: the banner per placement (null: none), and the global cap. */
export interface ArticleBanners {
  articleId: string;
  placements: Record<Placement, ChosenBanner | null>;
  globalCap: GlobalCap;
}

export interface PlacementBanner {
  banner: ChosenBanner | null;
  globalCap: GlobalCap;
}

/** The admin preview: every placement, the winner, and why each other campaign lost. */
export interface BannerPreview {
  article: BannerArticleContext | null;
  readerId: string;
  at: Date;
  choices: BannerChoice[];
  globalCap: GlobalCap;
}

/**
 * Chooses donation banners. A reader without an id gets a fresh random one, so anonymous
 * traffic still spreads over the variants by weight (but is not sticky).
 */
@Injectable()
export class BannerChoiceService {
  constructor(
    private readonly repo: DonationBannersRepository,
    private readonly snapshot: CampaignSnapshot,
    private readonly source: BannerArticleContextSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * For the article page payload: the banner of every placement. Pass the article's context
   * when the caller has it (no second lookup), or its ref (id or slug) otherwise.
   * Throws BANNER_ARTICLE_NOT_FOUND (404) for a ref the context source does not know.
   */
  async chooseForArticle(article: string | BannerArticleContext, readerId?: string | null): Promise<ArticleBanners> {
    const ctx = await this.resolve(article);
    const campaigns = await this.snapshot.active();
    const now = this.clock.now();
    const reader = readerId || newId();
    const placements = {} as Record<Placement, ChosenBanner | null>;
    for (const p of PLACEMENTS) placements[p] = pickBanner(campaigns, ctx, p, now, reader);
    return { articleId: ctx.articleId, placements, globalCap: this.globalCap() };
  }

  /** The content route: one placement, for an article ref or for no article (run-of-site campaigns only). */
  async chooseForPlacement(articleRef: string | null, placement: Placement, readerId?: string | null): Promise<PlacementBanner> {
    const ctx = articleRef === null ? null : await this.resolve(articleRef);
    const campaigns = await this.snapshot.active();
    return { banner: pickBanner(campaigns, ctx, placement, this.clock.now(), readerId || newId()), globalCap: this.globalCap() };
  }

  /**
   * Which banner this article would show this reader now, per placement, and why not the
   * others. Reads draft and paused campaigns too (fresh from the database, no cache), so an
   * editor sees what activating one would change.
   */
  async preview(articleRef: string | null, readerId?: string | null): Promise<BannerPreview> {
    const ctx = articleRef === null ? null : await this.resolve(articleRef);
    const campaigns = await this.repo.campaignsForChoice(['draft', 'active', 'paused']);
    const at = this.clock.now();
    const reader = readerId || newId();
    return {
      article: ctx,
      readerId: reader,
      at,
      choices: PLACEMENTS.map((p) => chooseBanner(campaigns, ctx, p, at, reader)),
      globalCap: this.globalCap(),
    };
  }

  /** The article's context with this lib's "no appeals" switch applied. */
  async resolve(article: string | BannerArticleContext): Promise<BannerArticleContext> {
    const ctx = typeof article === 'string' ? await this.source.find(article) : article;
    if (!ctx) throw new DomainError('not_found', BannerErrorCode.ArticleNotFound, 'No published article with this reference.');
    if (ctx.noAppeals || !isUuid(ctx.articleId)) return ctx;
    const switchedOff = await this.snapshot.noAppealArticleIds();
    return { ...ctx, noAppeals: switchedOff.has(ctx.articleId.toLowerCase()) };
  }

  globalCap(): GlobalCap {
    return { maxPerDay: this.config.donationBanners.globalMaxPerDay, maxPerWeek: this.config.donationBanners.globalMaxPerWeek };
  }
}
