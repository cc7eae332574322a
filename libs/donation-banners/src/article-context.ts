import { Injectable } from '@nestjs/common';
import { type BannerArticleContext } from './donation-banners.rules.js';
import { type BannerByline } from './reports.rules.js';

/**
 * Where banner choice learns what an article is (its section, type, tags). Bound by the app to
 * a reader of the published-article read model; this lib cannot reach articles itself.
 * `articleRef` is what the front-end sent (`?article=`): an id or a slug, as the source likes.
 * Answers null for an article the public cannot see.
 */
export abstract class BannerArticleContextSource {
  abstract find(articleRef: string): Promise<BannerArticleContext | null>;
}

/**
 * The fallback binding while no real source is registered (DonationBannersModule.forRoot()
 * without `articleContextSource`): knows only the articles it was told about with `set`, so
 * answers null otherwise. E2e tests also use one to stand in for the read model.
 */
@Injectable()
export class InMemoryBannerArticleContextSource extends BannerArticleContextSource {
  private readonly byRef = new Map<string, BannerArticleContext>();

  /** Makes `ctx` findable by its article id and by any extra refs (e.g. a slug). */
  set(ctx: BannerArticleContext, ...refs: string[]): void {
    for (const ref of [ctx.articleId, ...refs]) this.byRef.set(ref.toLowerCase(), { ...ctx, tagIds: [...ctx.tagIds] });
  }

  clear(): void {
    this.byRef.clear();
  }

  async find(articleRef: string): Promise<BannerArticleContext | null> {
    return this.byRef.get(articleRef.toLowerCase()) ?? null;
  }
}

/**
 * Who the articles credit, for the report's attribution to contributors. The articles and
 * contributors libs own bylines and names (and sit above this one): libs/boot binds this port.
 */
export abstract class BannerBylineSource {
  /** Every byline of these articles, with the contributor's name. */
  abstract bylinesOf(articleIds: readonly string[]): Promise<BannerByline[]>;
}
