import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { ContributorsService } from '#libs/contributors';
import { Transactions } from '#libs/database';
import { ImageUses, type ImageUseView } from '#libs/image-credits';
import {
  DONATION_BANNERS_KEY,
  NEWSLETTER_BOX_KEY,
  PreviewLinksService,
  PublicationReader,
  selectCardFields,
  slugKey,
  splitExclusions,
  type ArticleCard,
  type ListFilter,
} from '#libs/publication';
import { SITE_SETTINGS_KEY, SiteSettingsService } from '#libs/site-settings';
import { TaxonomyService } from '#libs/taxonomy';
import { normalizeLegacyPath } from '#libs/wordpress-import';
import { Clock } from '#libs/kernel';
import type { Actor } from '#libs/identity';
import type { CachedResponse } from '#libs/publication';
import { errorResponse, json, jsonBytes, redirect, xml } from './content-http.js';
import { newsSitemap, rss, sitemap } from './feeds.js';
import type { CardListQuery, ListQuery } from './content.dto.js';
import { ArticleExtras } from './article-extras.js';
import { cardListBytes, leadingMember } from './card-list.js';

const cardKeys = (items: ArticleCard[]) => items.map((i) => `article-${i.articleId}`);
const idKeys = (ids: string[]) => ids.map((id) => `article-${id}`);
/** A list page cut to the fields asked for (`fields=`). */
const shaped = <T extends { articleId: string }>(page: { items: T[]; nextCursor: string | null }, q: CardListQuery) =>
  q.fields?.length ? { items: page.items.map((c) => selectCardFields(c, q.fields)), nextCursor: page.nextCursor } : page;
const notFound = (code: string, message: string, surrogateKeys: string[]) => errorResponse(404, code, message, surrogateKeys);

/**
 * Renders content responses from the read model (and public taxonomy/profile data). What a
 * response shows is decided here; caching and headers are the controller's.
 */
@Injectable()
export class ContentPagesService {
  constructor(
    private readonly reader: PublicationReader,
    private readonly taxonomy: TaxonomyService,
    private readonly contributors: ContributorsService,
    private readonly previews: PreviewLinksService,
    private readonly clock: Clock,
    private readonly extras: ArticleExtras,
    private readonly images: ImageUses,
    private readonly tx: Transactions,
    private readonly siteSettings: SiteSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** An old site's address (imported pieces, issue 21): 301 to the live piece, else 404. */
  async legacyRedirect(rawPath: string): Promise<CachedResponse> {
    const path = normalizeLegacyPath(rawPath);
    const slug = path ? await this.reader.legacyRedirect(path) : null;
    if (!slug) return notFound('REDIRECT_NOT_FOUND', 'No live piece answers to this old address.', []);
    return redirect(`/v1/content/articles/${slug}`, [slugKey(slug)]);
  }

  /**
   * The article page: `{"article": <page>, "relatedStories": [...], "newsletterBox": ...}`, the
   * stored JSON copied as it is (the per-reader banners are appended later by ArticleExtras.personalize).
   */
  async articlePage(slug: string): Promise<CachedResponse> {
    const found = await this.reader.bySlug(slug);
    // a publish purges the slug's key: a CDN cannot keep a 404 (or an old 301) past it
    if (found.kind === 'moved') return redirect(`/v1/content/articles/${found.slug}`, [slugKey(slug), slugKey(found.slug)]);
    if (found.kind === 'missing') return notFound('ARTICLE_NOT_FOUND', 'No such article.', [slugKey(slug)]);
    const p = found.page;
    const more = await this.extras.shared(p);
    // a purge of a teaser target reaches the pages showing it; the settings' key: the box's copy, the publisher
    const keys = [...p.keys, NEWSLETTER_BOX_KEY, SITE_SETTINGS_KEY, DONATION_BANNERS_KEY, ...more.teaserIds.map((id) => `article-${id}`)];
    return { ...jsonBytes(200, more.body, keys, more.etag), articleContext: { articleId: p.articleId, sectionId: p.sectionId, typeId: p.typeId, tagIds: p.tagIds } };
  }

  /** The page of a live piece by its id (the current slug's page; answers to the id's key too). */
  async articlePageById(id: string): Promise<CachedResponse> {
    const live = (await this.reader.liveArticles([id])).get(id);
    if (!live) return notFound('ARTICLE_NOT_FOUND', 'No such article.', [`article-${id}`]);
    const page = await this.articlePage(live.slug);
    return { ...page, surrogateKeys: [...new Set([...page.surrogateKeys, `article-${id}`])] };
  }

  /** Resolves slug filters; null when a slug names nothing (an empty list, not an error). */
  private async filter(q: ListQuery): Promise<ListFilter | null> {
    const f: ListFilter = { limit: q.limit, cursor: q.cursor, exclude: splitExclusions(q.exclude) };
    if (q.section) {
      const s = await this.taxonomy.findSectionBySlug(q.section);
      if (!s) return null;
      f.sectionId = s.id;
    }
    if (q.type) {
      const s = await this.taxonomy.findTypeBySlug(q.type);
      if (!s) return null;
      f.typeId = s.id;
    }
    if (q.tag) {
      const s = await this.taxonomy.findTagBySlug(q.tag);
      if (!s) return null;
      f.tagId = s.id;
    }
    if (q.contributor) {
      const c = await this.contributors.findBySlug(q.contributor);
      if (!c) return null;
      f.contributorId = c.contributor.id;
    }
    return f;
  }

  async list(q: ListQuery): Promise<CachedResponse> {
    const f = await this.filter(q);
    const keys = ['home', ...(q.section ? [`section-${q.section}`] : []), ...(q.tag ? [`tag-${q.tag}`] : []), ...(q.contributor ? [`contributor-${q.contributor}`] : [])];
    if (!f) return json(200, { items: [], nextCursor: null }, keys);
    return this.cards(f, q, keys);
  }

  /**
   * A page of cards, `{"items":[...],"nextCursor":...}`, as the stored card bytes (card-list.ts)
   * or, with `fields=`, cut to those members; inside `before`'s object as its `articles` member.
   */
  private async cards(f: ListFilter, q: CardListQuery, keys: string[], before?: { name: string; value: unknown }): Promise<CachedResponse> {
    if (q.fields?.length) {
      const page = await this.reader.list(f);
      return json(200, before ? { [before.name]: before.value, articles: shaped(page, q) } : shaped(page, q), [...keys, ...cardKeys(page.items)]);
    }
    const stored = await this.reader.listStored(f);
    const bytes = cardListBytes(stored, before && leadingMember(before.name, before.value));
    return jsonBytes(200, bytes.body, [...keys, ...idKeys(stored.ids)], bytes.etag);
  }

  async search(q: string, limit?: number, offset?: number): Promise<CachedResponse> {
    const r = await this.reader.search(q, limit, offset ?? 0);
    return json(200, r, ['home', ...cardKeys(r.items)]);
  }

  async sections(): Promise<CachedResponse> {
    const [sections, counts] = await Promise.all([this.taxonomy.listSections(), this.reader.facetCounts('section')]);
    const items = sections.map((s) => ({ id: s.id, slug: s.slug, name: s.name, description: s.description ?? null, articleCount: counts.get(s.id) ?? 0 }));
    // every page change purges 'home', so that key covers the counts; one key per section would
    // grow the header with the number of sections
    return json(200, { items }, ['home', 'sections']);
  }

  /**
   * A content index: types, tags or contributors with their live article counts; tags and
   * contributors only with live pieces (RULE: a profile is public once it has a live byline),
   * the most used first, then by name.
   */
  async index(kind: 'type' | 'tag' | 'contributor', limit = 1000): Promise<CachedResponse> {
    const counts = await this.reader.facetCounts(kind);
    const ids = [...counts.keys()];
    const rows: { id: string; slug: string; name: string; extra: Record<string, unknown> }[] =
      kind === 'type'
        ? (await this.taxonomy.listTypes()).map((x) => ({ id: x.id, slug: x.slug, name: x.name, extra: {} }))
        : kind === 'tag'
          ? (await this.taxonomy.tagsOf(ids)).map((x) => ({ id: x.id, slug: x.slug, name: x.name, extra: { kind: x.kind } }))
          : (await this.contributors.profilesOf(ids)).map((x) => ({ id: x.id, slug: x.slug, name: x.name, extra: { title: x.title ?? null } }));
    const items = rows
      .map((r) => ({ id: r.id, slug: r.slug, name: r.name, ...r.extra, articleCount: counts.get(r.id) ?? 0 }))
      .sort((a, b) => b.articleCount - a.articleCount || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
      .slice(0, limit);
    // every page change purges 'home' (counts move); a rename purges the term's or profile's key
    return json(200, { items }, ['home', `${kind}s`]);
  }

  async section(slug: string, q: CardListQuery): Promise<CachedResponse> {
    const s = await this.taxonomy.findSectionBySlug(slug);
    if (!s) return notFound('SECTION_NOT_FOUND', 'No such section.', [`section-${slug}`]);
    const section = { id: s.id, slug: s.slug, name: s.name, description: s.description ?? null };
    return this.cards({ sectionId: s.id, limit: q.limit, cursor: q.cursor, exclude: splitExclusions(q.exclude) }, q, [`section-${s.slug}`], { name: 'section', value: section });
  }

  async tag(slug: string, q: CardListQuery): Promise<CachedResponse> {
    const t = await this.taxonomy.findTagBySlug(slug);
    if (!t) return notFound('TAG_NOT_FOUND', 'No such tag.', [`tag-${slug}`]);
    return this.cards({ tagId: t.id, limit: q.limit, cursor: q.cursor, exclude: splitExclusions(q.exclude) }, q, [`tag-${t.slug}`], {
      name: 'tag',
      value: { id: t.id, slug: t.slug, name: t.name, kind: t.kind },
    });
  }

  async contributor(slug: string, q: CardListQuery): Promise<CachedResponse> {
    const found = await this.contributors.findBySlug(slug);
    if (!found) return notFound('CONTRIBUTOR_NOT_FOUND', 'No such contributor.', [`contributor-${slug}`]);
    const c = found.contributor;
    if (c.slug !== slug) return redirect(`/v1/content/contributors/${c.slug}`, [`contributor-${slug}`, `contributor-${c.slug}`]);
    const page = await this.reader.list({ contributorId: c.id, limit: q.limit, cursor: q.cursor, exclude: splitExclusions(q.exclude) });
    // RULE: a profile is public once the person has a live byline
    if (!page.items.length && !q.cursor) return notFound('CONTRIBUTOR_NOT_FOUND', 'No such contributor.', [`contributor-${c.slug}`]);
    const profile = {
      id: c.id,
      slug: c.slug,
      name: c.name,
      title: c.title ?? null,
      bio: c.bio ?? null,
      socialLinks: c.socialLinks ?? [],
      avatar: await this.avatarOf(c.avatarImageId),
      disclosure: c.disclosure ?? null,
    };
    return json(200, { contributor: profile, articles: shaped(page, q) }, [`contributor-${c.slug}`, ...cardKeys(page.items)]);
  }

  /** A profile's avatar as front-ends use it: where it is served, its size and alt text. */
  private async avatarOf(imageId: string | null): Promise<Pick<ImageUseView, 'url' | 'width' | 'height' | 'alt' | 'renditions' | 'crops'> | null> {
    const view = imageId ? await this.images.renderForUse(this.tx.manager, { imageId, role: 'avatar' }) : null;
    return view ? { url: view.url, width: view.width, height: view.height, alt: view.alt, renditions: view.renditions, crops: view.crops } : null;
  }

  /** The site's settings and navigation; its box names lists and sections, so their keys purge it too. */
  async settings(): Promise<CachedResponse> {
    return json(200, await this.siteSettings.publicView(), [SITE_SETTINGS_KEY, NEWSLETTER_BOX_KEY, 'sections']);
  }

  async corrections(limit?: number, cursor?: string): Promise<CachedResponse> {
    return json(200, await this.reader.corrections(limit, cursor), ['corrections']);
  }

  async preview(token: string): Promise<CachedResponse> {
    const page = await this.previews.page(token);
    return json(200, { article: page, preview: true, ...(await this.extras.forPreview(page)) }, []);
  }

  /** The same payload for a piece the actor may see, without a token (the desk's own preview). */
  async draftPreview(actor: Actor, articleId: string): Promise<CachedResponse> {
    const page = await this.previews.draftPage(actor, articleId);
    return json(200, { article: page, preview: true, ...(await this.extras.forPreview(page)) }, []);
  }

  async feed(sectionSlug?: string): Promise<CachedResponse> {
    let title = 'Latest analysis';
    let sectionId: string | undefined;
    if (sectionSlug) {
      const s = await this.taxonomy.findSectionBySlug(sectionSlug);
      if (!s) return notFound('SECTION_NOT_FOUND', 'No such section.', [`section-${sectionSlug}`]);
      sectionId = s.id;
      title = s.name;
    }
    const items = await this.reader.recent({ sectionId, limit: 50 });
    return xml(rss(this.config.publicBaseUrl, title, items), ['home', ...(sectionSlug ? [`section-${sectionSlug}`] : [])]);
  }

  async sitemap(): Promise<CachedResponse> {
    return xml(sitemap(this.config.publicBaseUrl, await this.reader.recent({ limit: 50_000 })), ['home']);
  }

  async newsSitemap(): Promise<CachedResponse> {
    const since = new Date(this.clock.now().getTime() - 48 * 3_600_000);
    return xml(newsSitemap(this.config.publicBaseUrl, 'Newsroom', await this.reader.recent({ since, limit: 1000 })), ['home']);
  }
}
