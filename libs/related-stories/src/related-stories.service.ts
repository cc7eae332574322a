import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Transactions, pgConstraint, pgErrorCode } from '#libs/database';
import { AuditLog, type ActionContext, type Actor } from '#libs/identity';
import { ArticlesRepository, ArticlesService, plainText } from '#libs/articles';
import { ImageUses } from '#libs/image-credits';
import { Clock, newId, type ErrorDetail } from '#libs/kernel';
import { Outbox } from '#libs/outbox';
import type { RelatedPinEntity } from './related-stories.entity.js';
import { RelatedStoriesErrorCode, invalidPins, targetNotLive, targetRetracted } from './related-stories.errors.js';
import { RelatedStoriesRepository, type AdminPinRow, type PinRow } from './related-stories.repository.js';
import {
  DEFAULT_TEASER_COUNT,
  EXCERPT_OVERRIDE_MAX,
  HEADLINE_OVERRIDE_MAX,
  chooseTeasers,
  clampTeaserCount,
  pinProblem,
  projectTeaser,
  teaserImageOf,
  type Teaser,
  type TeaserCandidate,
  type TeaserImage,
  type TeaserSubject,
} from './related-stories.rules.js';
import { PUBLICATION_REFRESH_TOPIC } from './related-stories.events.js';

/** One pin as an editor sends it. Overrides left out (or blank) show the target's own. */
export interface PinInput {
  targetArticleId: string;
  headlineOverride?: string | null;
  excerptOverride?: string | null;
  imageIdOverride?: string | null;
}

/** One stored pin, with the state of its target (why it may not show). */
export interface PinView {
  position: number;
  targetArticleId: string;
  headlineOverride: string | null;
  excerptOverride: string | null;
  imageIdOverride: string | null;
  target: {
    /** The live headline, or the working one when the target is not live. */
    headline: string;
    slug: string | null;
    status: string;
    live: boolean;
    retracted: boolean;
  };
}

/** A page's pins and the teasers they currently produce (pins first, then the fill). */
export interface RelatedStories {
  articleId: string;
  pins: PinView[];
  teasers: Teaser[];
}

/**
 * Related-story teasers: editors' pins (with overrides) and the automatic fill. Reads the
 * publication read model (`published_articles`) directly, so teasers only ever show live pieces.
 */
@Injectable()
export class RelatedStoriesService {
  constructor(
    private readonly repo: RelatedStoriesRepository,
    private readonly articles: ArticlesService,
    private readonly articleRows: ArticlesRepository,
    private readonly images: ImageUses,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The teasers a page shows: its live pinned targets first, in order and with their
   * overrides, then the automatic fill (most shared tags, same section, newest), never the
   * page itself, a repeat, or a piece that is not live or retracted. Works for pages that are
   * not live too (their working draft's tags and section drive the fill).
   */
  async teasersFor(articleId: string, count = DEFAULT_TEASER_COUNT, m: EntityManager = this.tx.manager): Promise<Teaser[]> {
    const n = clampTeaserCount(count);
    if (n === 0) return [];
    const { subject: live, pins } = await this.repo.subjectAndPins(articleId, m);
    const subject = live ? { articleId, tagIds: live.tagIds, sectionId: live.sectionId } : await this.draftSubject(articleId, m);
    const pinnedIds = pins.map((p) => p.targetArticleId);
    const { pinned: firstPass } = chooseTeasers(subject, pins, [], n);
    const fill = await this.repo.fillCandidates({ tagIds: subject.tagIds, sectionId: subject.sectionId, exclude: [articleId, ...pinnedIds], limit: n - firstPass.length }, m);
    const { pinned, filled } = chooseTeasers(subject, pins, fill, n);
    const overrideImages = await this.overrideImages(m, pinned);
    const base = this.config.publicBaseUrl;
    return [
      ...pinned.map((p) =>
        projectTeaser(p.target, base, {
          overrides: { headlineOverride: p.headlineOverride, excerptOverride: p.excerptOverride },
          image: (p.imageIdOverride && overrideImages.get(p.imageIdOverride)) || null,
        }),
      ),
      ...filled.map((c) => projectTeaser(c, base)),
    ];
  }

  /**
   * `teasersFor` of many pages, set-based for the live pages without pins (what an import
   * makes); the others one by one. The same teasers, page for page.
   *
   * `pending`: pages about to go live (not written yet, never pinned: new pieces), which count
   * as live both as subjects and as candidates - their teasers are the ones `teasersFor` would
   * choose once their rows are in, so a batch's rows can be written once, with their teasers.
   * Refuses a pending page that has pins.
   */
  async teasersForMany(
    articleIds: string[],
    count = DEFAULT_TEASER_COUNT,
    m: EntityManager = this.tx.manager,
    pending: readonly TeaserCandidate[] = [],
  ): Promise<Map<string, Teaser[]>> {
    const n = clampTeaserCount(count);
    const out = new Map<string, Teaser[]>();
    if (n === 0) {
      for (const id of articleIds) out.set(id, []);
      return out;
    }
    const pendingById = new Map(pending.map((p) => [p.articleId, p]));
    const newPages = articleIds.filter((id) => pendingById.has(id));
    const pinned = await this.repo.pinnedAmong(m, newPages);
    if (pinned.size) throw new Error(`teasersForMany: pending page ${[...pinned][0]} has pins`);
    const subjects = [
      ...(await this.repo.liveSubjectsWithoutPins(
        m,
        articleIds.filter((id) => !pendingById.has(id)),
      )),
      ...newPages.map((id) => {
        const p = pendingById.get(id)!;
        return { articleId: p.articleId, tagIds: p.tagIds, sectionId: p.sectionId };
      }),
    ];
    const fills = await this.repo.fillCandidatesMany(m, subjects, n, pending);
    const base = this.config.publicBaseUrl;
    for (const subject of subjects) {
      const { filled } = chooseTeasers(subject, [], fills.get(subject.articleId) ?? [], n);
      out.set(
        subject.articleId,
        filled.map((c) => projectTeaser(c, base)),
      );
    }
    for (const id of articleIds) if (!out.has(id)) out.set(id, await this.teasersFor(id, n, m));
    return out;
  }

  /** The page's pins and a preview of its teasers (not found if the actor may not see it). */
  async related(actor: Actor, articleId: string, count = DEFAULT_TEASER_COUNT): Promise<RelatedStories> {
    await this.articles.get(actor, articleId);
    return this.view(this.tx.manager, articleId, count);
  }

  /**
   * Replaces the page's pins in order. Every target must be another live, unretracted
   * article at pin time; override images must exist and carry a credit and alt text.
   * Audited; emits `publication.refresh` so the live page is rebuilt and purged.
   */
  async replacePins(ctx: ActionContext, articleId: string, input: PinInput[]): Promise<RelatedStories> {
    return this.tx.run(async (tx) => {
      await this.articles.get(ctx.actor, articleId, tx);
      const problem = pinProblem(
        articleId,
        input.map((p) => p.targetArticleId),
      );
      if (problem) throw invalidPins(problem.code, [{ field: problem.field, code: problem.code, message: problem.message }]);
      const pins = input.map((p, i) => this.cleanPin(p, i));
      // serializes concurrent replacements of the same page's pins
      await this.articleRows.lockForUpdate(tx, articleId);
      await this.assertTargetsPinnable(tx, pins);
      for (const [i, p] of pins.entries()) {
        if (!p.imageIdOverride) continue;
        await this.images.requireImage(tx, p.imageIdOverride, `pins[${i}].imageIdOverride`);
        await this.images.assertUsableAsTopImage(tx, p.imageIdOverride);
      }
      const before = await this.repo.adminPins(articleId, tx);
      const now = this.clock.now();
      const rows: RelatedPinEntity[] = pins.map((p, position) => ({
        id: newId(),
        articleId,
        position,
        targetArticleId: p.targetArticleId,
        headlineOverride: p.headlineOverride,
        excerptOverride: p.excerptOverride,
        imageIdOverride: p.imageIdOverride,
        createdBy: ctx.actor.accountId,
        createdAt: now,
      }));
      try {
        await this.repo.replacePins(tx, articleId, rows);
      } catch (e) {
        // a target deleted since the check: the same answer as any target that is not live
        if (pgErrorCode(e) === '23503' && pgConstraint(e)?.includes('target_article_id')) throw targetNotLive([{ field: 'pins', message: 'a target no longer exists' }]);
        throw e;
      }
      // the where-used list of override images (so an image edit reaches this page too)
      await this.images.setUses(tx, {
        usageType: 'teaser',
        usageId: articleId,
        uses: rows.filter((r) => r.imageIdOverride).map((r) => ({ imageId: r.imageIdOverride!, role: 'teaser' as const })),
      });
      // RULE: unpinning a target settles the page's open alerts about it
      const resolved = await this.repo.resolveAlertsNotPinned(
        tx,
        articleId,
        rows.map((r) => r.targetArticleId),
        now,
        ctx.actor.accountId,
      );
      await this.audit.record(tx, ctx, {
        action: 'article.related_pins_replace',
        targetType: 'article',
        targetId: articleId,
        summary: { before: before.map(pinSummary), after: rows.map(pinSummary), ...(resolved.length ? { resolvedAlerts: resolved } : {}) },
      });
      await this.outbox.emit(tx, PUBLICATION_REFRESH_TOPIC, { articleId });
      return this.view(tx, articleId, DEFAULT_TEASER_COUNT);
    });
  }

  /** Pages that pin this article (to refresh when it changes). */
  pagesPinning(targetArticleId: string, m?: EntityManager): Promise<string[]> {
    return this.repo.pagesPinning(targetArticleId, m);
  }

  private async view(m: EntityManager, articleId: string, count: number): Promise<RelatedStories> {
    const [pins, teasers] = [await this.repo.adminPins(articleId, m), await this.teasersFor(articleId, count, m)];
    return { articleId, pins: pins.map(pinView), teasers };
  }

  private async draftSubject(articleId: string, m: EntityManager): Promise<TeaserSubject> {
    const draft = await this.articleRows.find(articleId, m);
    return { articleId, tagIds: draft?.tagIds ?? [], sectionId: draft?.sectionId ?? null };
  }

  private async overrideImages(m: EntityManager, pins: PinRow[]): Promise<Map<string, TeaserImage>> {
    const ids = [...new Set(pins.map((p) => p.imageIdOverride).filter((id): id is string => !!id))];
    if (!ids.length) return new Map();
    // rendered as the top image of the teaser's own page would be: the card shows it the same way
    const views = await this.images.renderMany(
      m,
      ids.map((imageId) => ({ imageId, role: 'top' as const })),
    );
    const out = new Map<string, TeaserImage>();
    views.forEach((v, i) => {
      const image = teaserImageOf(v as unknown as Record<string, unknown>);
      if (image) out.set(ids[i]!, image);
    });
    return out;
  }

  private cleanPin(p: PinInput, i: number): Required<PinInput> {
    const problems: ErrorDetail[] = [];
    const headline = p.headlineOverride ? plainText(p.headlineOverride) || null : null;
    const excerpt = p.excerptOverride ? cleanExcerpt(p.excerptOverride) || null : null;
    if (headline && headline.length > HEADLINE_OVERRIDE_MAX) problems.push({ field: `pins[${i}].headlineOverride`, message: `at most ${HEADLINE_OVERRIDE_MAX} characters` });
    if (excerpt && excerpt.length > EXCERPT_OVERRIDE_MAX) problems.push({ field: `pins[${i}].excerptOverride`, message: `at most ${EXCERPT_OVERRIDE_MAX} characters` });
    if (problems.length) throw invalidPins(RelatedStoriesErrorCode.OverrideInvalid, problems);
    return {
      targetArticleId: p.targetArticleId.toLowerCase(),
      headlineOverride: headline,
      excerptOverride: excerpt,
      imageIdOverride: p.imageIdOverride ? p.imageIdOverride.toLowerCase() : null,
    };
  }

  private async assertTargetsPinnable(tx: EntityManager, pins: Required<PinInput>[]): Promise<void> {
    const live = await this.repo.liveTargets(
      tx,
      pins.map((p) => p.targetArticleId),
    );
    const notLive = pins.flatMap((p, i) => (live.has(p.targetArticleId) ? [] : [{ field: `pins[${i}].targetArticleId`, message: 'not a live article', id: p.targetArticleId }]));
    if (notLive.length) throw targetNotLive(notLive);
    const retracted = pins.flatMap((p, i) =>
      live.get(p.targetArticleId)!.retracted ? [{ field: `pins[${i}].targetArticleId`, message: 'retracted', id: p.targetArticleId }] : [],
    );
    if (retracted.length) throw targetRetracted(retracted);
  }
}

/** Plain text, paragraph breaks kept (a card may show two paragraphs). */
const cleanExcerpt = (value: string): string =>
  value
    .split(/\n\s*\n/)
    .map((p) => plainText(p))
    .filter(Boolean)
    .join('\n\n');

const pinSummary = (p: Pick<PinRow, 'targetArticleId' | 'headlineOverride' | 'excerptOverride' | 'imageIdOverride'>) => ({
  targetArticleId: p.targetArticleId,
  ...(p.headlineOverride ? { headlineOverride: p.headlineOverride } : {}),
  ...(p.excerptOverride ? { excerptOverride: p.excerptOverride } : {}),
  ...(p.imageIdOverride ? { imageIdOverride: p.imageIdOverride } : {}),
});

const pinView = (p: AdminPinRow): PinView => ({
  position: p.position,
  targetArticleId: p.targetArticleId,
  headlineOverride: p.headlineOverride,
  excerptOverride: p.excerptOverride,
  imageIdOverride: p.imageIdOverride,
  target: {
    headline: p.target?.headline ?? p.targetWorkingHeadline,
    slug: p.target?.slug ?? null,
    status: p.targetStatus,
    live: !!p.target,
    retracted: p.target?.retracted ?? false,
  },
});
