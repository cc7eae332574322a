import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { SiteSettingsService } from '#libs/site-settings';
import type { EntityManager } from 'typeorm';
import { afterCommit, insertMany, pgConstraint, pgErrorCode, queryRows } from '#libs/database';
import { DomainError } from '#libs/kernel';
import { ArticleErrorCode, ArticlesRepository, deriveBody, type ArticleEntity, type RevisionData } from '#libs/articles';
import { ContributorsService, type SocialLink } from '#libs/contributors';
import { ImageUses, type ImageUseView } from '#libs/image-credits';
import { TaxonomyService } from '#libs/taxonomy';
import { Outbox, type OutboxEnvelope } from '#libs/outbox';
import { DEFAULT_TEASER_COUNT as TEASERS_PER_PAGE, RelatedStoriesService } from '#libs/related-stories';
import {
  articleMeta,
  articlePageKeys,
  publisherJsonLd,
  changedPieceKeys,
  isRetracted,
  publicationTimes,
  type ArticleMeta,
  type KeyedPage,
  type MetaImage,
  type Publisher,
  type PublicationTimes,
  type SocialOverrides,
} from './publication.rules.js';
import { PublishedArticleEntity } from './published-article.entity.js';
import { BylineSnapshotEntity } from './byline-snapshot.entity.js';
import { LegacyPathEntity } from './legacy-path.entity.js';
import { ContentCache } from './content-cache.js';
import { PUBLICATION_CHANGED_TOPIC, PUBLICATION_TEASER_TARGET_CHANGED_TOPIC, PUBLICATION_WENT_LIVE_TOPIC } from './publication.events.js';

/**
 * A byline as printed: the profile as of the publish that first showed it on this piece
 * (RULE: later profile edits and republishes do not rewrite it; POST .../bylines/refresh does).
 */
export interface BylineSnapshot {
  contributorId: string;
  slug: string;
  name: string;
  /** Title/affiliation. */
  title: string | null;
  /** The contributor's disclosure statement (conflicts of interest, affiliations). */
  disclosure: string | null;
}

/**
 * A byline on the page: the snapshot (name, title, disclosure as published) with the profile's
 * current bio and social links (a profile edit refreshes live pages; these are not frozen).
 */
export interface PageByline extends BylineSnapshot {
  bio: string | null;
  socialLinks: SocialLink[];
  /** The profile's avatar (current) with its renditions, or null. */
  avatar: BylineAvatar | null;
}

export type BylineAvatar = Pick<ImageUseView, 'url' | 'width' | 'height' | 'alt' | 'renditions' | 'crops'>;

/** The article page payload kept in the read model. */
export interface ArticlePage {
  articleId: string;
  slug: string;
  headline: string;
  dek: string;
  kicker: string;
  type: { id: string; slug: string; name: string };
  section: { id: string; slug: string; name: string };
  tags: { id: string; slug: string; name: string }[];
  bylines: PageByline[];
  topImage: unknown | null;
  bodyHtml: string;
  /** The uploads the body's `<img>` elements show, with renditions (ImageUses.bodyImages). */
  bodyImages: unknown[];
  excerpt: string;
  wordCount: number;
  readingMinutes: number;
  seo: { title: string; description: string; canonicalUrl: string | null };
  corrections: { id: string; kind: string; text: string; at: string }[];
  /** The first publication (RULE `publicationTimes`: a republish never moves it). */
  publishedAt: string;
  /** The same as `publishedAt` (older front-ends read this one). */
  firstPublishedAt: string;
  /** The last republish, refresh or correction. */
  updatedAt: string;
  /** The last republish an editor marked as a substantive update ("Updated ..."); null: none. */
  substantiveUpdateAt: string | null;
  /** Share cards (RULE `articleMeta`). */
  openGraph: ArticleMeta['openGraph'];
  twitter: ArticleMeta['twitter'];
  /** schema.org NewsArticle, ready for a `<script type="application/ld+json">`. */
  jsonLd: ArticleMeta['jsonLd'];
}

/** A live page's times when they are not "now" (an imported piece keeps its old dates). */
export type LiveTimes = PublicationTimes;

/** Writes and maintains the public read model. */
@Injectable()
export class PublicationService {
  constructor(
    private readonly articles: ArticlesRepository,
    private readonly taxonomy: TaxonomyService,
    private readonly contributors: ContributorsService,
    private readonly images: ImageUses,
    private readonly outbox: Outbox,
    private readonly cache: ContentCache,
    private readonly related: RelatedStoriesService,
    private readonly siteSettings: SiteSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The bylines as the page prints them: each snapshot with the profile's current bio and links. */
  private async pageBylines(tx: EntityManager, bylines: BylineSnapshot[]): Promise<PageByline[]> {
    const people = bylines.length
      ? await this.contributors.resolveMany(
          tx,
          bylines.map((b) => b.contributorId),
        )
      : [];
    const byId = new Map(people.map((p) => [p.id, p]));
    const avatars = await this.avatarsOf(tx, people);
    return bylines.map(({ contributorId, slug, name, title, disclosure }) => {
      const p = byId.get(contributorId);
      return {
        contributorId,
        slug,
        name,
        title: title ?? null,
        disclosure: disclosure ?? null,
        bio: p?.bio ?? null,
        socialLinks: (p?.socialLinks ?? []).map((l) => ({ network: l.network, url: l.url })),
        avatar: avatars.get(contributorId) ?? null,
      };
    });
  }

  /** The avatars of these profiles, rendered as avatars (with renditions), by contributor id. */
  private async avatarsOf(tx: EntityManager, people: { id: string; avatarImageId?: string | null }[]): Promise<Map<string, BylineAvatar>> {
    const withAvatar = people.filter((p) => p.avatarImageId);
    if (!withAvatar.length) return new Map();
    const views = await this.images.renderMany(
      tx,
      withAvatar.map((p) => ({ imageId: p.avatarImageId!, role: 'avatar' as const })),
    );
    const out = new Map<string, BylineAvatar>();
    withAvatar.forEach((p, i) => {
      const v = views[i];
      if (v) out.set(p.id, { url: v.url, width: v.width, height: v.height, alt: v.alt, renditions: v.renditions, crops: v.crops });
    });
    return out;
  }

  /**
   * The revision's share-card overrides with their images rendered (a revision from before they
   * existed has none). No query when it names no image.
   */
  private async socialOf(tx: EntityManager, d: Partial<RevisionData>): Promise<SocialOverrides> {
    const image = async (imageId: string | null | undefined): Promise<MetaImage | null> => {
      const v = imageId ? await this.images.renderForUse(tx, { imageId, role: 'inline' }) : null;
      return v ? { url: v.url, width: v.width, height: v.height, alt: v.alt } : null;
    };
    return {
      ogTitle: d.ogTitle ?? null,
      ogDescription: d.ogDescription ?? null,
      ogImage: await image(d.ogImageId),
      twitterTitle: d.twitterTitle ?? null,
      twitterDescription: d.twitterDescription ?? null,
      twitterImage: await image(d.twitterImageId),
    };
  }

  /** The publisher of the site settings, at the site's public address. */
  private async publisher(tx: EntityManager): Promise<Publisher> {
    const p = await this.siteSettings.publisher(tx);
    return { name: p.name, url: this.config.publicBaseUrl, logo: p.logo };
  }

  /**
   * RULE: every live page names the publisher the site settings name now. After a settings
   * change, rewrites `jsonLd.publisher` and `openGraph.siteName` of the pages that still show
   * another (set-based; the page-bytes trigger rewrites `page_body`), `batch` pages per call in
   * id order from after `after`: call again with the returned `last` until it is null, so the
   * whole read model is read once, not once per batch. Idempotent: a retried relay or two
   * workers at once change nothing twice.
   */
  async rewritePublisher(tx: EntityManager, after: string | null, batch = 500): Promise<{ last: string | null; rewritten: number }> {
    const publisher = await this.publisher(tx);
    const [row] = await queryRows<{ last: string | null; rewritten: number }>(
      tx,
      `WITH next AS (SELECT article_id FROM published_articles WHERE $3::uuid IS NULL OR article_id > $3 ORDER BY article_id LIMIT $4),
            done AS (UPDATE published_articles p
                        SET page = jsonb_set(jsonb_set(p.page, '{jsonLd,publisher}', $1::jsonb), '{openGraph,siteName}', $2::jsonb)
                       FROM next
                      WHERE p.article_id = next.article_id
                        AND (p.page->'jsonLd'->'publisher' IS DISTINCT FROM $1::jsonb OR p.page->'openGraph'->'siteName' IS DISTINCT FROM $2::jsonb)
                  RETURNING p.article_id)
       SELECT (SELECT article_id FROM next ORDER BY article_id DESC LIMIT 1) AS last, (SELECT count(*)::int FROM done) AS rewritten`,
      [JSON.stringify(publisherJsonLd(publisher)), JSON.stringify(publisher.name), after, batch],
    );
    return { last: row?.last ?? null, rewritten: row?.rewritten ?? 0 };
  }

  /**
   * Makes the article's current revision live: builds its page and upserts the read-model
   * row, in the caller's (publish) transaction. Slugs must be unique among live pieces and
   * their old slugs; the previous live slug keeps redirecting.
   */
  async makeLive(tx: EntityManager, article: ArticleEntity, now: Date, options: { substantiveUpdate?: boolean; times?: LiveTimes } = {}): Promise<PublishedArticleEntity> {
    const revision = await this.articles.findRevisionById(article.currentRevisionId!, tx);
    const data = revision!.data;
    const previous = await tx.findOne(PublishedArticleEntity, { where: { articleId: article.id } });
    const slug = data.slug;
    if (await this.articles.slugUsedElsewhere(tx, slug, article.id)) throw slugTaken(slug);
    const bylines = await this.frozenBylines(tx, article.id, data.bylineIds, { write: true, now });
    const times = options.times ?? publicationTimes(article.firstPublishedAt, now, { substantive: options.substantiveUpdate, previous: substantiveUpdateOf(previous) });
    const row = await this.build(tx, article, revision!.id, data, bylines, times);
    if (previous && previous.slug !== slug) await this.articles.addSlugHistory(tx, previous.slug, article.id);
    await this.articles.removeSlugFromHistory(tx, slug, article.id);
    await this.save(tx, row, slug);
    if (!previous) await this.outbox.emit(tx, PUBLICATION_WENT_LIVE_TOPIC, { articleId: row.articleId });
    return row;
  }

  /**
   * `makeLive` for many pieces that have never been live (the WordPress import's bulk path),
   * in the caller's transaction: the same pages, byline snapshots, slug checks and events,
   * built from one look-up per kind (sections, types, tags, bylines, images) and written with
   * one multi-row INSERT (the row triggers fill the page bytes, the card and the search row).
   * Their teasers are chosen before the INSERT, from the pages live and the set's own (what
   * `chooseTeasersAgain` would choose right after it). `revisions` holds
   * each piece's current revision data. Refuses (nothing written) when a piece is already
   * live or a slug is taken: the caller then goes one by one.
   */
  async makeLiveMany(tx: EntityManager, items: { article: ArticleEntity; data: RevisionData; times: LiveTimes }[], now: Date): Promise<void> {
    if (!items.length) return;
    const ids = items.map((i) => i.article.id);
    const live = await queryRows<{ article_id: string }>(tx, `SELECT article_id FROM published_articles WHERE article_id = ANY($1::uuid[]) LIMIT 1`, [ids]);
    if (live.length) throw new Error(`makeLiveMany: ${live[0]!.article_id} is live already`);
    const slugs = items.map((i) => i.data.slug);
    const dup = slugs.find((slug, k) => slugs.indexOf(slug) !== k);
    if (dup) throw slugTaken(dup);
    const taken = await this.articles.slugsUsedElsewhere(
      tx,
      items.map((i) => ({ slug: i.data.slug, articleId: i.article.id })),
    );
    if (taken.length) throw slugTaken(taken[0]!);
    // bylines: fresh snapshots (a piece never live has none); merged profiles resolve as one by one
    const bylineIds = [...new Set(items.flatMap((i) => i.data.bylineIds))];
    const people = await this.contributors.resolveMany(tx, bylineIds);
    const byId = new Map(people.map((p) => [p.id, p]));
    const direct = people.length === bylineIds.length && bylineIds.every((id) => byId.has(id));
    const snapshots: { articleId: string; contributorId: string; snapshot: Record<string, unknown>; takenAt: Date }[] = [];
    const bylinesOf = new Map<string, PageByline[]>();
    const avatars = await this.avatarsOf(tx, people);
    for (const { article, data } of items) {
      const list = direct ? data.bylineIds.map((id) => byId.get(id)!) : await this.contributors.resolveMany(tx, data.bylineIds);
      const bylines = list.map((p): BylineSnapshot => ({ contributorId: p.id, slug: p.slug, name: p.name, title: p.title ?? null, disclosure: p.disclosure ?? null }));
      bylinesOf.set(
        article.id,
        bylines.map((b, k) => ({
          ...b,
          bio: list[k]!.bio ?? null,
          socialLinks: (list[k]!.socialLinks ?? []).map((l) => ({ network: l.network, url: l.url })),
          avatar: avatars.get(b.contributorId) ?? null,
        })),
      );
      for (const b of bylines) snapshots.push({ articleId: article.id, contributorId: b.contributorId, snapshot: b as unknown as Record<string, unknown>, takenAt: now });
    }
    await insertMany(
      tx,
      BylineSnapshotEntity,
      snapshots as never[],
      'ON CONFLICT (article_id, contributor_id) DO UPDATE SET snapshot = EXCLUDED.snapshot, taken_at = EXCLUDED.taken_at',
    );
    // a page needs a section and a type: a piece without is refused as makeLive refuses it
    for (const { data } of items) {
      if (data.sectionId === null || data.typeId === null) {
        await this.taxonomy.requireSection(tx, data.sectionId);
        await this.taxonomy.requireType(tx, data.typeId);
      }
    }
    const sections = new Map<string | null, { id: string; slug: string; name: string }>(
      (await this.taxonomy.requireSections(tx, [...new Set(items.flatMap((i) => i.data.sectionId ?? []))])).map((x) => [x.id, x]),
    );
    const types = new Map<string | null, { id: string; slug: string; name: string }>();
    for (const typeId of new Set(items.flatMap((i) => i.data.typeId ?? []))) types.set(typeId, await this.taxonomy.requireType(tx, typeId));
    const tags = new Map((await this.taxonomy.requireTags(tx, [...new Set(items.flatMap((i) => i.data.tagIds))])).map((t) => [t.id, t]));
    const uses = items.flatMap((i) => (i.data.topImageId ? [{ articleId: i.article.id, imageId: i.data.topImageId, data: i.data }] : []));
    const views = await this.images.renderMany(
      tx,
      uses.map((u) => ({ imageId: u.imageId, role: 'top' as const, captionOverride: u.data.topImageCaption ?? null, creditOverride: u.data.topImageCredit ?? null })),
    );
    const topOf = new Map(uses.map((u, k) => [u.articleId, views[k] ?? null]));
    const bodyImagesOf = new Map<string, unknown[]>();
    for (const { article, data } of items) bodyImagesOf.set(article.id, await this.images.bodyImages(tx, data.bodyHtml));
    const publisher = await this.publisher(tx);
    const socialOf = new Map<string, SocialOverrides>();
    for (const { article, data } of items) socialOf.set(article.id, await this.socialOf(tx, data));
    const rows = items.map(({ article, data, times }) =>
      this.pageRow(article, article.currentRevisionId!, data, bylinesOf.get(article.id)!, times, {
        publisher,
        social: socialOf.get(article.id)!,
        section: sections.get(data.sectionId)!,
        type: types.get(data.typeId)!,
        tags: data.tagIds.map((id) => tags.get(id)!),
        corrections: [],
        topImage: topOf.get(article.id) ?? null,
        bodyImages: bodyImagesOf.get(article.id) ?? [],
      }),
    );
    // RULE (import): the pages choose their teasers from every page then live, the batch's own
    // included - chosen before the rows go in, so each row is written (and its page bytes built
    // by the trigger) once, with its teasers
    const teasers = await this.related.teasersForMany(
      ids,
      TEASERS_PER_PAGE,
      tx,
      rows.map((r) => {
        const page = r.page as unknown as ArticlePage;
        return {
          articleId: r.articleId,
          slug: r.slug,
          headline: r.headline,
          bodyText: r.bodyText,
          sectionId: r.sectionId,
          tagIds: r.tagIds,
          publishedAt: r.publishedAt,
          section: page.section,
          topImage: (page.topImage as Record<string, unknown> | null) ?? null,
          retracted: r.retracted,
        };
      }),
    );
    for (const r of rows) {
      const ts = teasers.get(r.articleId) ?? [];
      r.teasers = ts as unknown as PublishedArticleEntity['teasers'];
      r.teaserIds = ts.map((t) => t.articleId);
    }
    try {
      await insertMany(
        tx,
        PublishedArticleEntity,
        rows.map(({ pageBody: _b, pageTag: _t, card: _c, cardText: _ct, cardTag: _cg, ...values }) => values),
      );
    } catch (e) {
      if (pgErrorCode(e) === '23505' && pgConstraint(e) === 'uq_published_articles_slug') throw slugTaken('(one of the batch)');
      throw e;
    }
    await this.outbox.emitMany(tx, [
      ...rows.map((row): OutboxEnvelope => ({ topic: PUBLICATION_WENT_LIVE_TOPIC, payload: { articleId: row.articleId } })),
      ...rows.flatMap((row): OutboxEnvelope[] => [
        { topic: PUBLICATION_TEASER_TARGET_CHANGED_TOPIC, payload: { articleId: row.articleId } },
        { topic: PUBLICATION_CHANGED_TOPIC, payload: { articleId: row.articleId, slug: row.slug, live: true, surrogateKeys: surrogateKeysOf(row) } },
      ]),
    ]);
    await this.announceChange(tx, ids[0]!);
  }

  /**
   * RULE (import): once a batch of imported pieces is in, the live ones among them choose their
   * teasers again, from every page then live (a piece early in the batch sees the later ones).
   * Set-based; the same teasers `storeTeasers` would choose page by page.
   */
  async chooseTeasersAgain(tx: EntityManager, articleIds: string[]): Promise<void> {
    if (!articleIds.length) return;
    const teasers = await this.related.teasersForMany(articleIds, TEASERS_PER_PAGE, tx);
    const list = [...teasers.entries()];
    await tx.query(
      `UPDATE published_articles p SET teasers = t.teasers, teaser_ids = t.teaser_ids
         FROM jsonb_to_recordset($1::jsonb) AS t(article_id uuid, teasers jsonb, teaser_ids uuid[])
        WHERE p.article_id = t.article_id AND (p.teasers IS DISTINCT FROM t.teasers OR p.teaser_ids IS DISTINCT FROM t.teaser_ids)`,
      [JSON.stringify(list.map(([id, ts]) => ({ article_id: id, teasers: ts, teaser_ids: ts.map((x) => x.articleId) })))],
    );
    await this.announceChange(tx, articleIds[0]!);
  }

  /** `setLegacyPaths` for many pieces (a path named twice goes to the last piece naming it). */
  async setLegacyPathsMany(tx: EntityManager, sets: { articleId: string; paths: string[] }[]): Promise<void> {
    if (!sets.length) return;
    await tx.query(
      `DELETE FROM legacy_paths l USING jsonb_to_recordset($1::jsonb) AS s(article_id uuid, paths text[])
        WHERE l.article_id = s.article_id AND NOT (l.path = ANY(s.paths))`,
      [JSON.stringify(sets.map((x) => ({ article_id: x.articleId, paths: x.paths })))],
    );
    const last = new Map<string, string>();
    for (const x of sets)
      for (const path of x.paths) {
        last.delete(path);
        last.set(path, x.articleId);
      }
    if (!last.size) return;
    await insertMany(
      tx,
      LegacyPathEntity,
      [...last].map(([path, articleId]) => ({ path, articleId })),
      'ON CONFLICT (path) DO UPDATE SET article_id = EXCLUDED.article_id WHERE legacy_paths.article_id <> EXCLUDED.article_id',
    );
  }

  /**
   * RULE: the addresses a piece had on its old site answer with a 301 to it while it is live.
   * Replaces the piece's set; a path another piece held moves to this one.
   */
  async setLegacyPaths(tx: EntityManager, articleId: string, paths: string[]): Promise<void> {
    await tx.query(`DELETE FROM legacy_paths WHERE article_id = $1 AND NOT (path = ANY($2::text[]))`, [articleId, paths]);
    if (!paths.length) return;
    await tx.query(
      `INSERT INTO legacy_paths (path, article_id) SELECT unnest($2::text[]), $1
       ON CONFLICT (path) DO UPDATE SET article_id = EXCLUDED.article_id WHERE legacy_paths.article_id <> EXCLUDED.article_id`,
      [articleId, paths],
    );
  }

  /** Removes the piece from every public surface. */
  async takeDown(tx: EntityManager, articleId: string): Promise<void> {
    const previous = await tx.findOne(PublishedArticleEntity, { where: { articleId } });
    // the old slug keeps pointing at this piece, so it cannot be reused by another while it may come back
    if (previous) await this.articles.addSlugHistory(tx, previous.slug, articleId);
    await tx.delete(PublishedArticleEntity, { articleId });
    if (previous) {
      await this.outbox.emit(tx, PUBLICATION_TEASER_TARGET_CHANGED_TOPIC, { articleId });
      await this.outbox.emit(tx, PUBLICATION_CHANGED_TOPIC, { articleId, slug: previous.slug, live: false, surrogateKeys: surrogateKeysOf(previous) });
      await this.announceChange(tx, articleId);
    }
  }

  /** Purges these keys from the CDN after commit (outbox `publication.changed`; no page changed). */
  async purge(tx: EntityManager, p: { cause: string; surrogateKeys: string[] }): Promise<void> {
    await this.outbox.emit(tx, PUBLICATION_CHANGED_TOPIC, { articleId: null, cause: p.cause, live: true, surrogateKeys: p.surrogateKeys });
  }

  /**
   * Every instance drops its content cache when this transaction commits: a NOTIFY for the
   * others, and this instance at commit rather than when its own NOTIFY comes back.
   */
  async announceChange(tx: EntityManager, ref: string): Promise<void> {
    await tx.query(`SELECT pg_notify('publication', $1)`, [ref]);
    afterCommit(tx, () => this.cache.invalidate());
  }

  /**
   * Rebuilds a live page from its live revision (credit, caption, section name, corrections
   * changed). Bylines keep their snapshot unless `refreshBylines`.
   */
  async refresh(tx: EntityManager, articleId: string, options: { refreshBylines?: boolean; now?: Date } = {}): Promise<boolean> {
    const current = await tx.findOne(PublishedArticleEntity, { where: { articleId } });
    const article = await this.articles.find(articleId, tx);
    if (!current || !article?.liveRevisionId) return false;
    const revision = await this.articles.findRevisionById(article.liveRevisionId, tx);
    const data = revision!.data;
    const bylines = options.refreshBylines
      ? await this.frozenBylines(tx, articleId, data.bylineIds, { write: true, refresh: true, now: options.now ?? new Date() })
      : ((current.page as unknown as ArticlePage).bylines ?? []);
    const row = await this.build(tx, article, revision!.id, data, bylines, {
      publishedAt: current.publishedAt,
      updatedAt: options.now ?? new Date(),
      substantiveUpdateAt: substantiveUpdateOf(current),
    });
    await this.save(tx, row, current.slug);
    return true;
  }

  /** The page the working draft would make, for preview links (never stored). */
  async previewPage(tx: EntityManager, articleId: string, now: Date): Promise<ArticlePage> {
    const article = await this.articles.find(articleId, tx);
    const revision = article?.currentRevisionId ? await this.articles.findRevisionById(article.currentRevisionId, tx) : null;
    if (!article || !revision) throw new DomainError('not_found', 'PREVIEW_NOT_FOUND', 'This preview link is not valid.');
    const data = revision.data;
    const bylines = await this.frozenBylines(tx, article.id, data.bylineIds, { write: false, now });
    const section = data.sectionId ? await this.taxonomy.requireSection(tx, data.sectionId) : null;
    const type = data.typeId ? await this.taxonomy.requireType(tx, data.typeId) : null;
    // a draft may lack a section or type; preview it with placeholders rather than refuse
    const withDefaults = { ...data, sectionId: section?.id ?? null, typeId: type?.id ?? null };
    if (section && type) {
      const row = await this.build(tx, article, revision.id, withDefaults, bylines, publicationTimes(article.firstPublishedAt, now));
      return row.page as unknown as ArticlePage;
    }
    const derived = deriveBody(data.bodyHtml);
    const at = (article.firstPublishedAt ?? now).toISOString();
    const seo = { title: data.seoTitle ?? data.headline, description: data.seoDescription ?? data.dek, canonicalUrl: null };
    const topImage = data.topImageId ? await this.images.topImageView(tx, data.topImageId, { caption: data.topImageCaption, credit: data.topImageCredit }) : null;
    const tags = await this.taxonomy.requireTags(tx, data.tagIds);
    const printed = await this.pageBylines(tx, bylines);
    const meta = articleMeta({
      slug: data.slug,
      headline: data.headline,
      dek: data.dek,
      seo,
      topImage,
      bylines: printed,
      section: section ?? { name: '' },
      tags,
      publishedAt: at,
      updatedAt: now.toISOString(),
      corrections: [],
      publisher: await this.publisher(tx),
      social: await this.socialOf(tx, data),
    });
    return {
      articleId: article.id,
      slug: data.slug,
      headline: data.headline,
      dek: data.dek,
      kicker: [type?.name, section?.name].filter(Boolean).join(' | '),
      type: type ?? { id: '', slug: '', name: '' },
      section: section ?? { id: '', slug: '', name: '' },
      tags,
      bylines: printed,
      topImage,
      bodyHtml: derived.bodyHtml,
      bodyImages: await this.images.bodyImages(tx, derived.bodyHtml),
      excerpt: derived.excerpt,
      wordCount: derived.wordCount,
      readingMinutes: derived.readingMinutes,
      seo,
      corrections: [],
      publishedAt: at,
      firstPublishedAt: at,
      updatedAt: now.toISOString(),
      substantiveUpdateAt: null,
      ...meta,
    };
  }

  /** Live article ids whose page shows any of these things. */
  async liveArticlesShowing(tx: EntityManager, q: { imageId?: string; contributorId?: string; sectionId?: string; typeId?: string; tagId?: string }): Promise<string[]> {
    const rows = await queryRows<{ article_id: string }>(
      tx,
      `SELECT article_id FROM published_articles
        WHERE ($1::uuid IS NOT NULL AND top_image_id = $1) OR ($2::uuid IS NOT NULL AND $2 = ANY(contributor_ids))
           OR ($3::uuid IS NOT NULL AND section_id = $3) OR ($4::uuid IS NOT NULL AND type_id = $4)
           OR ($5::uuid IS NOT NULL AND $5 = ANY(tag_ids))`,
      [q.imageId ?? null, q.contributorId ?? null, q.sectionId ?? null, q.typeId ?? null, q.tagId ?? null],
    );
    return rows.map((r) => r.article_id);
  }

  /**
   * RULE: the bylines a publish prints: each contributor's snapshot from the publish that first
   * showed them on this piece, a fresh one for a byline added since (and, with `refresh`, fresh
   * ones for all). `write` keeps the new snapshots and drops those of removed bylines.
   */
  private async frozenBylines(tx: EntityManager, articleId: string, ids: string[], o: { write: boolean; refresh?: boolean; now: Date }): Promise<BylineSnapshot[]> {
    // merged profiles resolve to the one they were merged into
    const people = await this.contributors.resolveMany(tx, ids);
    const kept = new Map<string, BylineSnapshot>();
    if (!o.refresh) for (const r of await tx.find(BylineSnapshotEntity, { where: { articleId } })) kept.set(r.contributorId, r.snapshot as unknown as BylineSnapshot);
    const fresh: BylineSnapshot[] = [];
    const bylines = people.map((p) => {
      const k = kept.get(p.id);
      if (k) return { ...k, disclosure: k.disclosure ?? null };
      const snap: BylineSnapshot = { contributorId: p.id, slug: p.slug, name: p.name, title: p.title ?? null, disclosure: p.disclosure ?? null };
      fresh.push(snap);
      return snap;
    });
    if (o.write) {
      const shown = new Set(bylines.map((b) => b.contributorId));
      if ([...kept.keys()].some((id) => !shown.has(id)) || o.refresh) {
        await tx.query(`DELETE FROM byline_snapshots WHERE article_id = $1 AND NOT (contributor_id = ANY($2::uuid[]))`, [articleId, [...shown]]);
      }
      if (fresh.length) {
        await tx.query(
          `INSERT INTO byline_snapshots (article_id, contributor_id, snapshot, taken_at)
           SELECT $1, (s->>'contributorId')::uuid, s, $3 FROM jsonb_array_elements($2::jsonb) s
           ON CONFLICT (article_id, contributor_id) DO UPDATE SET snapshot = EXCLUDED.snapshot, taken_at = EXCLUDED.taken_at`,
          [articleId, JSON.stringify(fresh), o.now],
        );
      }
    }
    return bylines;
  }

  private async build(
    tx: EntityManager,
    article: ArticleEntity,
    revisionId: string,
    d: RevisionData,
    bylines: BylineSnapshot[],
    times: PublicationTimes,
  ): Promise<PublishedArticleEntity> {
    // one transaction = one connection: its queries run one after another
    const section = await this.taxonomy.requireSection(tx, d.sectionId);
    const type = await this.taxonomy.requireType(tx, d.typeId);
    const tags = await this.taxonomy.requireTags(tx, d.tagIds);
    const corrections = await this.articles.listCorrections(article.id, tx);
    const topImage: unknown = d.topImageId
      ? await this.images.topImageView(tx, d.topImageId, {
          caption: d.topImageCaption ?? null,
          credit: d.topImageCredit ?? null,
        })
      : null;
    const bodyImages = await this.images.bodyImages(tx, d.bodyHtml);
    const [printed, publisher, social] = [await this.pageBylines(tx, bylines), await this.publisher(tx), await this.socialOf(tx, d)];
    return this.pageRow(article, revisionId, d, printed, times, { section, type, tags, corrections, topImage, bodyImages, publisher, social });
  }

  /** The read-model row of a page, from what `build` looked up (pure). */
  private pageRow(
    article: ArticleEntity,
    revisionId: string,
    d: RevisionData,
    bylines: PageByline[],
    times: PublicationTimes,
    r: {
      publisher: Publisher;
      social: SocialOverrides;
      section: { id: string; slug: string; name: string };
      type: { id: string; slug: string; name: string };
      tags: { id: string; slug: string; name: string }[];
      corrections: { id: string; kind: string; text: string; at: Date }[];
      topImage: unknown;
      bodyImages: unknown[];
    },
  ): PublishedArticleEntity {
    const { section, type, tags, corrections, topImage, bodyImages, publisher, social } = r;
    const derived = deriveFromRevision(article, d);
    const lastCorrection = corrections[corrections.length - 1];
    const updatedAt = lastCorrection && lastCorrection.at > times.updatedAt ? lastCorrection.at : times.updatedAt;
    const seo = {
      title: d.seoTitle ?? d.headline,
      description: d.seoDescription ?? d.dek,
      canonicalUrl: d.canonicalUrl ?? null,
    };
    const shownCorrections = corrections.map((c) => ({ id: c.id, kind: c.kind, text: c.text, at: c.at.toISOString() }));
    const meta = articleMeta({
      slug: d.slug,
      headline: d.headline,
      dek: d.dek,
      seo,
      topImage: (topImage as MetaImage | null) ?? null,
      bylines,
      section,
      tags,
      publishedAt: times.publishedAt.toISOString(),
      updatedAt: updatedAt.toISOString(),
      corrections: shownCorrections,
      publisher,
      social,
    });
    const page: ArticlePage = {
      articleId: article.id,
      slug: d.slug,
      headline: d.headline,
      dek: d.dek,
      kicker: `${type.name} | ${section.name}`,
      type: { id: type.id, slug: type.slug, name: type.name },
      section: { id: section.id, slug: section.slug, name: section.name },
      tags: tags.map((t) => ({ id: t.id, slug: t.slug, name: t.name })),
      bylines,
      topImage,
      bodyHtml: d.bodyHtml,
      bodyImages,
      excerpt: derived.excerpt,
      wordCount: derived.wordCount,
      readingMinutes: derived.readingMinutes,
      seo,
      corrections: shownCorrections,
      publishedAt: times.publishedAt.toISOString(),
      // the same date, kept for the front-ends that read it
      firstPublishedAt: times.publishedAt.toISOString(),
      updatedAt: updatedAt.toISOString(),
      substantiveUpdateAt: times.substantiveUpdateAt?.toISOString() ?? null,
      ...meta,
    };
    return {
      articleId: article.id,
      revisionId,
      slug: d.slug,
      headline: page.headline,
      dek: page.dek,
      sectionId: section.id,
      typeId: type.id,
      tagIds: tags.map((t) => t.id),
      contributorIds: bylines.map((b) => b.contributorId),
      page: page as unknown as Record<string, unknown>,
      bodyText: derived.bodyText,
      excerpt: derived.excerpt,
      publishedAt: times.publishedAt,
      updatedAt,
      topImageId: d.topImageId ?? null,
      retracted: isRetracted(corrections),
      teasers: null,
      teaserIds: [],
      pageBody: null,
      pageTag: null,
      card: null,
      cardText: null,
      cardTag: null,
      pageKeys: articlePageKeys(article.id, page),
      searchExtra: [...tags.map((t) => t.name), ...bylines.map((b) => b.name)].join(' '),
    };
  }

  /** Chooses the page's teasers now and keeps them in its row (one read per page view). */
  private async storeTeasers(tx: EntityManager, articleId: string): Promise<void> {
    const teasers = await this.related.teasersFor(articleId, TEASERS_PER_PAGE, tx);
    await tx.query(`UPDATE published_articles SET teasers = $2::jsonb, teaser_ids = $3::uuid[] WHERE article_id = $1`, [
      articleId,
      JSON.stringify(teasers),
      teasers.map((t) => t.articleId),
    ]);
  }

  /**
   * RULE: after a piece went live, the pages still short of teasers and the
   * NEWEST_PAGES_REFILLED newest pages sharing a tag with it choose their teasers again (where a
   * fresh related piece matters most); older pages take it from their next refresh on.
   */
  async offerToNeighbours(tx: EntityManager, articleId: string): Promise<number> {
    const pages = await queryRows<{ id: string }>(
      tx,
      `SELECT id FROM (
         (SELECT article_id AS id FROM published_articles WHERE cardinality(teaser_ids) < $2 AND article_id <> $1 ORDER BY published_at DESC LIMIT 100)
         UNION
         (SELECT n.article_id FROM published_articles p JOIN published_articles n ON n.tag_ids && p.tag_ids AND n.article_id <> p.article_id
           WHERE p.article_id = $1 ORDER BY n.published_at DESC LIMIT ${NEWEST_PAGES_REFILLED})) s ORDER BY id`,
      [articleId, TEASERS_PER_PAGE],
    );
    return this.restoreTeasers(
      tx,
      articleId,
      pages.map((p) => p.id),
    );
  }

  /**
   * RULE: a page's teasers are chosen again whenever one of their targets changes or goes
   * (republished, corrected or retracted, credit or section renamed, unpublished). Choosing
   * teasers changes nothing another page shows, so this never cascades.
   */
  async refreshTeasersPointingAt(tx: EntityManager, targetId: string): Promise<number> {
    const pages = await queryRows<{ id: string }>(
      tx,
      `SELECT article_id AS id FROM published_articles WHERE teaser_ids @> ARRAY[$1]::uuid[] AND article_id <> $1 ORDER BY article_id`,
      [targetId],
    );
    return this.restoreTeasers(
      tx,
      targetId,
      pages.map((p) => p.id),
    );
  }

  /**
   * Both run from the outbox, right after the write that caused them, one transaction each and
   * rows in id order: inside the publish transaction they locked other pages' rows and
   * concurrent publishes deadlocked.
   */
  private async restoreTeasers(tx: EntityManager, cause: string, pageIds: string[]): Promise<number> {
    for (const id of pageIds) await this.storeTeasers(tx, id);
    if (pageIds.length) await this.announceChange(tx, cause);
    return pageIds.length;
  }

  private async save(tx: EntityManager, row: PublishedArticleEntity, slug: string): Promise<void> {
    const { pageBody: _byTrigger, pageTag: _tagByTrigger, card: _alsoByTrigger, cardText: _textByTrigger, cardTag: _cardTagByTrigger, ...values } = row;
    try {
      await tx.upsert(PublishedArticleEntity, values as never, ['articleId']);
    } catch (e) {
      if (pgErrorCode(e) === '23505' && pgConstraint(e) === 'uq_published_articles_slug') throw slugTaken(slug);
      throw e;
    }
    await this.storeTeasers(tx, row.articleId);
    await this.outbox.emit(tx, PUBLICATION_TEASER_TARGET_CHANGED_TOPIC, { articleId: row.articleId });
    await this.outbox.emit(tx, PUBLICATION_CHANGED_TOPIC, { articleId: row.articleId, slug: row.slug, live: true, surrogateKeys: surrogateKeysOf(row) });
    await this.announceChange(tx, row.articleId);
  }
}

/** The substantive update a live row's page shows (kept by refreshes and unmarked republishes). */
const substantiveUpdateOf = (row: Pick<PublishedArticleEntity, 'page'> | null): Date | null => {
  const at = (row?.page as { substantiveUpdateAt?: string | null } | undefined)?.substantiveUpdateAt;
  return at ? new Date(at) : null;
};

/** CDN surrogate keys a live page answers to (purged when it changes). */
export const surrogateKeysOf = (row: Pick<PublishedArticleEntity, 'articleId' | 'page'>): string[] => changedPieceKeys(row.articleId, row.page as KeyedPage);

/** How many of the newest pages sharing a tag get a newly live piece offered as a teaser. */
const NEWEST_PAGES_REFILLED = 10;

const slugTaken = (slug: string) =>
  new DomainError('conflict', ArticleErrorCode.SlugTaken, `Another piece already answers to /${slug}.`, [
    { field: 'slug', message: 'taken by a live piece or one of its old slugs' },
  ]);

function deriveFromRevision(a: ArticleEntity, d: RevisionData) {
  // the working draft's derived fields belong to the current revision; the live one may be older
  if (a.currentRevisionId && a.bodyHtml === d.bodyHtml) {
    return { bodyText: a.bodyText, excerpt: a.excerpt, wordCount: a.wordCount, readingMinutes: a.readingMinutes };
  }
  return deriveBody(d.bodyHtml);
}
