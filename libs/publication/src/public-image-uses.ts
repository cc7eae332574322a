import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import { ArticlesRepository } from '#libs/articles';
import { ImageUses, type ImageUsage, type PublicUse } from '#libs/image-credits';

/** RULE: the article states whose pages readers see now or will see without another review. */
const PUBLIC_STATES = new Set(['published', 'scheduled']);

/**
 * Tells the images lib which uses of an image are on live or scheduled pages, so it can refuse
 * removing a credit or alt text those pages rely on. Article and teaser uses are keyed by the
 * article whose page shows them; a live page's top image counts even when the working draft
 * has moved on to another image (the read model says what is live).
 */
@Injectable()
export class PublicImageUses implements OnModuleInit {
  constructor(
    private readonly images: ImageUses,
    private readonly articles: ArticlesRepository,
  ) {}

  onModuleInit(): void {
    this.images.usePublicUsesProbe((tx, imageId, uses) => this.of(tx, imageId, uses));
  }

  async of(tx: EntityManager, imageId: string, uses: readonly ImageUsage[]): Promise<PublicUse[]> {
    const liveTop = await queryRows<{ article_id: string; slug: string; headline: string }>(
      tx,
      `SELECT article_id, slug, headline FROM published_articles WHERE top_image_id = $1 ORDER BY article_id`,
      [imageId],
    );
    const ids = [...new Set([...uses.map((u) => u.usageId), ...liveTop.map((r) => r.article_id)])];
    const state = new Map((await this.articles.statusesOf(tx, ids)).map((a) => [a.id, a]));
    const out: PublicUse[] = [];
    const seen = new Set<string>();
    for (const u of uses) {
      const a = state.get(u.usageId);
      if (!a || !PUBLIC_STATES.has(a.status)) continue;
      seen.add(`${u.usageType}:${u.usageId}`);
      out.push({ usageType: u.usageType, usageId: u.usageId, status: a.status, slug: a.slug, headline: a.headline, creditOverride: u.creditOverride });
    }
    for (const r of liveTop) {
      if (seen.has(`article:${r.article_id}`)) continue;
      // the live revision shows it but the draft no longer records the use (or its override)
      out.push({ usageType: 'article', usageId: r.article_id, status: state.get(r.article_id)?.status ?? 'published', slug: r.slug, headline: r.headline, creditOverride: null });
    }
    return out;
  }
}
