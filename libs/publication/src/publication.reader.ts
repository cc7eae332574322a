import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ArticlesRepository } from '#libs/articles';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { ReadReplicas, readRows, type ReadSource } from '#libs/database';
import { Coalescer, DomainError, clampLimit, decodeCursor, encodeCursor, type Page } from '#libs/kernel';
import { windowMonthsQuery } from './publication.rules.js';

export interface ListFilter {
  sectionId?: string;
  tagId?: string;
  contributorId?: string;
  typeId?: string;
  /** Leave these pieces out (by id or slug): the LATEST rail without the piece it sits on. */
  exclude?: { ids: string[]; slugs: string[] };
  limit?: number;
  cursor?: string;
}

/** A list entry: what a card or a feed item shows. */
export interface ArticleCard {
  articleId: string;
  slug: string;
  headline: string;
  dek: string;
  kicker: string;
  section: { id: string; slug: string; name: string };
  type: { id: string; slug: string; name: string };
  bylines: { contributorId: string; slug: string; name: string }[];
  tags: { id: string; slug: string; name: string }[];
  excerpt: string;
  topImage: unknown | null;
  publishedAt: string;
  updatedAt: string;
}

export interface SearchHit extends ArticleCard {
  rank: number;
  /** Highlighted fragments, matches wrapped in <mark>. */
  snippet: string;
}

/**
 * A live page by slug, as stored: the start of the page response as UTF-8 bytes (copied, never
 * decoded, parsed or re-serialized), plus what the transport needs around it (its ETag part,
 * surrogate keys, banner targeting). The wire format is owned by
 * apps/api/src/content/articles/article-page.ts (stage 1 there).
 */
export interface StoredPage {
  articleId: string;
  sectionId: string;
  typeId: string;
  tagIds: string[];
  /** `{"article":<page>,"relatedStories":<teasers>` (no closing brace: the caller appends). */
  body: Buffer;
  /** A hash of `body`, kept with it by the trigger: where the page's strong ETag starts. */
  tag: string;
  /** The teasers are not chosen yet: `body` ends in `"relatedStories":null`. */
  teasersPending: boolean;
  /** The page's Surrogate-Keys besides its teaser targets. */
  keys: string[];
  teaserIds: string[];
}
const words = (joined: string): string[] => (joined ? joined.split(' ') : []);
/**
 * What follows each card but the last in `StoredCardList.cards`: U+001E, a control character JSON
 * text never holds unescaped, so it cannot occur inside a card. The list's wire format
 * (apps/api/src/content/articles/card-list.ts) puts a comma in its place.
 */
export const CARD_SEPARATOR = '\x1e';

export type SlugLookup = { kind: 'found'; page: StoredPage } | { kind: 'moved'; slug: string } | { kind: 'missing' };

/** The newest pieces search ranks first: from `since` on, in these months (a tsquery; null: no month filter). */
interface SearchWindow {
  since: Date;
  months: string | null;
}

/**
 * Snippets are cut from the headline, dek and this much of the body: the text ranking reads
 * (ts_headline parses all it is given; at 1,500 characters it was a third of a search's time).
 */
const SNIPPET_SOURCE_CHARS = 1_000;

// `card` (kept by trigger) holds what a card shows of the page: reading it does not unpack the page
const CARD_SQL = `p.article_id AS "articleId", p.slug, p.headline, p.dek, p.card, p.excerpt, p.published_at AS "publishedAt", p.updated_at AS "updatedAt"`;

interface CardRow {
  articleId: string;
  slug: string;
  headline: string;
  dek: string;
  card: Pick<ArticleCard, 'kicker' | 'section' | 'type' | 'bylines' | 'tags' | 'topImage'>;
  excerpt: string;
  publishedAt: Date;
  updatedAt: Date;
}

const toCard = (r: CardRow): ArticleCard => ({
  articleId: r.articleId,
  slug: r.slug,
  headline: r.headline,
  dek: r.dek,
  kicker: r.card.kicker,
  section: r.card.section,
  type: r.card.type,
  bylines: (r.card.bylines ?? []).map((b) => ({ contributorId: b.contributorId, slug: b.slug, name: b.name })),
  tags: r.card.tags,
  excerpt: r.excerpt,
  topImage: r.card.topImage ?? null,
  publishedAt: r.publishedAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * The WHERE of a list page (filters, exclusions, the keyset cursor) with its parameters; and,
 * for a page of every piece (no section, type, tag or contributor), a name for its statement
 * shape: such a page is an index range in (published_at, article_id) order whatever the values,
 * so its generic plan is its custom plan and it can be prepared. A filtered page is not: a rare
 * tag wants another plan than a common one.
 */
function listWhere(f: ListFilter): { where: string[]; params: unknown[]; shape: string | undefined } {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.sectionId) add('p.section_id = ?', f.sectionId);
  if (f.typeId) add('p.type_id = ?', f.typeId);
  if (f.tagId) add('p.tag_ids @> ARRAY[?]::uuid[]', f.tagId);
  if (f.contributorId) add('p.contributor_ids @> ARRAY[?]::uuid[]', f.contributorId);
  if (f.exclude?.ids.length) add('p.article_id <> ALL(?::uuid[])', f.exclude.ids);
  if (f.exclude?.slugs.length) add('p.slug <> ALL(?::text[])', f.exclude.slugs);
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    params.push(c.at, c.id);
    where.push(`(p.published_at, p.article_id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  const filtered = Boolean(f.sectionId || f.typeId || f.tagId || f.contributorId);
  const shape = filtered ? undefined : `all${f.exclude?.ids.length ? '-ids' : ''}${f.exclude?.slugs.length ? '-slugs' : ''}${f.cursor ? '-cursor' : ''}`;
  return { where, params, shape };
}

/**
 * A list page as stored text (`PublicationReader.listStored`): the cards' JSON texts, ASCII-only
 * (the page trigger escapes the rest), in list order, each but the last followed by
 * `CARD_SEPARATOR`; no brackets.
 */
export interface StoredCardList {
  cards: string;
  /** The cards' article ids, in order. */
  ids: string[];
  /** A hash of the cards' own hashes, in order: changes exactly when `cards` does. */
  tag: string;
  nextCursor: string | null;
}

/**
 * Reads the public read model, and nothing else: the content surface is built on this, so it
 * cannot reach a draft by construction.
 */
@Injectable()
export class PublicationReader {
  private windowStart: { until: number; value: Promise<SearchWindow | null> } | undefined;

  /**
   * Page-by-slug reads, batched under load: while page reads hold half the pool's connections
   * (never all of them, so a burst of pages leaves the rest to other work), the slugs asked
   * meanwhile wait and go out together as one query. An idle instance reads a slug at once; a
   * busy one pays the per-query cost of pg and PostgreSQL once per group: on two cores, 45-71 µs
   * of client CPU per page read one by one, 17-22 µs in groups of 5-25, and 1.6-1.8 times the
   * pages per second.
   */
  private readonly pages: Coalescer<string, StoredPage | undefined>;

  /** The primary's pool, or the standbys (DATABASE_READ_URLS) with the primary behind them. */
  private readonly db: DataSource | ReadSource;

  constructor(
    @InjectDataSource() primary: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    replicas: ReadReplicas,
    private readonly articles: ArticlesRepository,
  ) {
    this.db = replicas.configured ? replicas : primary;
    const maxInFlight = Math.max(1, Math.floor(config.database.poolSize / 2));
    this.pages = new Coalescer((slugs) => this.readPages(slugs), { maxWaitMs: 0, maxItems: 100, maxInFlight });
  }

  /** The live slug an old site's path (normalized by the importer) now lives at, or null. */
  async legacyRedirect(path: string): Promise<string | null> {
    const rows = await readRows<{ slug: string }>(this.db, `SELECT p.slug FROM legacy_paths l JOIN published_articles p ON p.article_id = l.article_id WHERE l.path = $1`, [path]);
    return rows[0]?.slug ?? null;
  }

  /** The live page for a slug; an old slug of a live piece answers `moved`. */
  async bySlug(slug: string): Promise<SlugLookup> {
    const page = await this.pages.submit(slug);
    if (page) return { kind: 'found', page };
    // an old slug: the articles lib keeps the history; the piece must be live now
    const articleId = await this.articles.articleOfOldSlug(slug, this.db);
    if (!articleId) return { kind: 'missing' };
    const moved = await readRows<{ slug: string }>(this.db, `SELECT slug FROM published_articles WHERE article_id = $1`, [articleId]);
    return moved[0] ? { kind: 'moved', slug: moved[0].slug } : { kind: 'missing' };
  }

  /** The live pages for some slugs, in the order asked (undefined: no live page has that slug). */
  private async readPages(slugs: string[]): Promise<(StoredPage | undefined)[]> {
    // The page text comes as text and is encoded to UTF-8 once here (pg decodes every value it
    // receives into a string). It came base64-encoded before, decoded natively into a Buffer: that
    // saved the api ~50 µs per 40 KB but cost PostgreSQL several times more (convert_to, encode,
    // a third more bytes to send), and both share the machine. Everything else comes as one text
    // column (ids, hashes and slugs, none holding '|' or ' '): pg describes, names and parses every
    // column of every row it receives, which cost more than the values in nine columns.
    const rows = await readRows<{ body: string; meta: string }>(
      this.db,
      `SELECT page_body AS body,
              concat(slug, '|', article_id, '|', section_id, '|', type_id, '|', array_to_string(tag_ids, ' '), '|', page_tag, '|',
                     CASE WHEN teasers IS NULL THEN 'pending' END, '|', array_to_string(page_keys, ' '), '|', array_to_string(teaser_ids, ' ')) AS meta
         FROM published_articles WHERE slug = ANY($1::text[])`,
      [slugs],
      'publication.pages-by-slug', // parsed and planned once per connection: the hottest uncached read
    );
    const found = new Map<string, StoredPage>();
    for (const r of rows) {
      const [slug, articleId, sectionId, typeId, tagIds, tag, pending, keys, teaserIds] = r.meta.split('|') as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      found.set(slug, {
        articleId,
        sectionId,
        typeId,
        tagIds: words(tagIds),
        body: Buffer.from(r.body),
        tag,
        teasersPending: pending === 'pending',
        keys: words(keys),
        teaserIds: words(teaserIds),
      });
    }
    return slugs.map((s) => found.get(s));
  }

  /**
   * Newest first publication first (a republish does not move a piece), keyset-paginated on
   * (published_at, article_id): page 500 costs what page 1 does.
   */
  async list(f: ListFilter): Promise<Page<ArticleCard>> {
    const limit = clampLimit(f.limit);
    const { where, params } = listWhere(f);
    params.push(limit + 1);
    const rows = await readRows<CardRow>(
      this.db,
      `SELECT ${CARD_SQL} FROM published_articles p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.published_at DESC, p.article_id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map(toCard);
    const last = rows[limit - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.publishedAt.toISOString(), id: last.articleId }) : null,
    };
  }

  /**
   * The same page as `list`, as stored text: each card's `card_text` (kept by the page trigger,
   * ASCII-only, so pg decodes it to a one-byte string and the api writes it out by copying),
   * joined in PostgreSQL, never parsed or serialized, with the cards' tags hashed together; a
   * page of every piece is a prepared statement (`listWhere`). The wire format around it is
   * apps/api/src/content/articles/card-list.ts's.
   *
   * One row for the `limit + 1` rows the keyset reads, aggregated as cheaply as PostgreSQL can:
   * the cards joined by `CARD_SEPARATOR`, the tags and ids joined, and only the `limit`-th row's
   * time and id picked; the api drops the extra row's card, tag and id. Sending the rows instead
   * cost the api more than it saved PostgreSQL (21 row objects and strings per page); a window
   * for the page's own rows with `to_char`, `md5` and base64 in SQL cost PostgreSQL about 520 µs
   * per page against about 260 µs for this.
   */
  async listStored(f: ListFilter): Promise<StoredCardList> {
    const limit = clampLimit(f.limit);
    const { where, params, shape } = listWhere(f);
    params.push(limit);
    const n = `$${params.length}`;
    // The aggregates take the rows in the order the subquery (ORDER BY + LIMIT, never flattened)
    // returns them, as a plain Aggregate over it does: an ORDER BY inside each aggregate sorted
    // the page three more times, card texts included (a third of the query's time).
    // content-lists.e2e-spec.ts compares the order with the object path's.
    const [row] = await readRows<{ cards: string | null; tags: string | null; ids: string | null; at: Date | null; id: string | null; n: number }>(
      this.db,
      `SELECT string_agg(card_text, chr(${CARD_SEPARATOR.charCodeAt(0)})) AS cards, string_agg(card_tag, ',') AS tags, string_agg(article_id::text, ' ') AS ids,
              (array_agg(published_at))[${n}::int] AS at, (array_agg(article_id))[${n}::int] AS id, count(*)::int AS n
         FROM (SELECT p.card_text, p.card_tag, p.published_at, p.article_id
                 FROM published_articles p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY p.published_at DESC, p.article_id DESC LIMIT ${n}::int + 1) r`,
      params,
      shape && `publication.cards-${shape}`,
    );
    if (!row?.cards || !row.tags || !row.ids) return { cards: '', ids: [], tag: '', nextCursor: null };
    const more = row.n > limit;
    const cards = more ? row.cards.slice(0, row.cards.lastIndexOf(CARD_SEPARATOR)) : row.cards;
    // the md5 of the page's tags joined by commas (a tag is 32 hex digits)
    const tags = more ? row.tags.slice(0, row.tags.lastIndexOf(',')) : row.tags;
    const ids = words(row.ids).slice(0, limit);
    return {
      cards,
      ids,
      tag: createHash('md5').update(tags).digest('hex'),
      nextCursor: more && row.at && row.id ? encodeCursor({ at: row.at.toISOString(), id: row.id }) : null,
    };
  }

  /** Full-text search over headline, dek, body, tags and bylines; ranked, with highlighted snippets. */
  async search(q: string, limitRaw?: number, offsetRaw = 0): Promise<{ items: SearchHit[]; nextOffset: number | null }> {
    const query = q.trim();
    if (!query || query.length > 200) {
      throw new DomainError('validation', 'SEARCH_QUERY_INVALID', 'q must be 1 to 200 characters.', [{ field: 'q', message: '1 to 200 characters' }]);
    }
    const limit = clampLimit(limitRaw);
    const offset = Math.min(Math.max(0, Math.trunc(offsetRaw)), 1000);
    // RULE: when the newest SEARCH_WINDOW_PIECES pieces hold at least SEARCH_WINDOW_MIN_HITS
    // matches, relevance is ranked among those (bounded work however large the archive: a
    // common term pages through its recent matches); otherwise the whole archive is ranked, so
    // a rarer term finds old pieces too. The choice does not depend on the offset, so pages
    // of one query never mix the two rankings.
    const window = await this.searchWindowStart();
    const recent = window ? await this.searchPage(query, limit, offset, window) : null;
    const useRecent = recent !== null && Number(recent[0]?.total ?? 0) >= this.config.searchWindow.minHits;
    const rows = (useRecent ? recent : await this.searchPage(query, limit, offset, null)).filter((r) => r.articleId !== null);
    const items = rows.slice(0, limit).map(({ total: _t, ...r }) => ({ ...toCard(r), rank: Number(r.rank), snippet: r.snippet }));
    return { items, nextOffset: rows.length > limit ? offset + limit : null };
  }

  /**
   * When the search window starts: the publication time of the SEARCH_WINDOW_PIECES-th newest
   * piece, or null when the archive is smaller; with the months it spans (`windowMonthsQuery`).
   * Asked at most every few seconds per instance (a piece published meanwhile shifts the window
   * by one). It goes to the search SQL as values, not a subquery: only then does the planner see
   * that the window is a small slice and combine the time index with the full-text index (at 100k
   * pieces: 29 ms instead of 162 ms, which rechecked every match in the archive). The months let
   * the full-text index skip what lies outside the window: every piece's match vector carries its
   * month as a lexeme (migration 1795850000000), so the index walks the window's short month lists
   * instead of a term's postings across the whole archive.
   */
  private async searchWindowStart(): Promise<SearchWindow | null> {
    if (this.config.searchWindow.pieces === 0) return null;
    const now = Date.now();
    if (!this.windowStart || this.windowStart.until <= now) {
      const value = readRows<{ since: Date | null; newest: Date | null }>(
        this.db,
        `SELECT (SELECT published_at FROM published_search ORDER BY published_at DESC OFFSET $1 LIMIT 1) AS since,
                (SELECT max(published_at) FROM published_search) AS newest`,
        [this.config.searchWindow.pieces],
      ).then(([r]) => (r?.since && r.newest ? { since: r.since, months: windowMonthsQuery(r.since, r.newest) } : null));
      this.windowStart = { until: now + 5_000, value };
      value.catch(() => (this.windowStart = undefined));
    }
    return this.windowStart.value;
  }

  private searchPage(query: string, limit: number, offset: number, window: SearchWindow | null) {
    // the month filter is a second condition on the same index (not `tsq && months`: an empty
    // query, all stop words, must still match nothing)
    const inMonths = window?.months ? ' AND s.search @@ $5::tsquery' : '';
    // one row at least (the count), with the page's hits joined to it
    return readRows<CardRow & { rank: number; snippet: string; total: string }>(
      this.db,
      `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS tsq),
       ranked AS MATERIALIZED (
         SELECT s.article_id, ts_rank_cd(s.search_rank, q.tsq) AS rank, s.published_at FROM published_search s, q
          WHERE s.search @@ q.tsq${inMonths} AND s.published_at >= coalesce($4::timestamptz, '-infinity')),
       hits AS (SELECT *, row_number() OVER (ORDER BY rank DESC, published_at DESC, article_id DESC) AS n
                  FROM (SELECT * FROM ranked ORDER BY rank DESC, published_at DESC, article_id DESC LIMIT $2 OFFSET $3) page)
       SELECT ${CARD_SQL}, h.rank, t.total,
              -- the extra row only tells whether a next page exists: no snippet for it
              CASE WHEN h.n < $2 THEN ts_headline('english', p.headline || '. ' || p.dek || '. ' || left(p.body_text, ${SNIPPET_SOURCE_CHARS}), q.tsq,
                          'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=10') END AS snippet
         FROM (SELECT count(*) AS total FROM ranked) t
         CROSS JOIN q
         LEFT JOIN hits h ON true
         LEFT JOIN published_articles p ON p.article_id = h.article_id
        ORDER BY h.rank DESC, h.published_at DESC, h.article_id DESC`,
      [query, limit + 1, offset, window?.since ?? null, ...(window?.months ? [window.months] : [])],
    );
  }

  /** Live corrections across the site, newest first. */
  async corrections(
    limitRaw?: number,
    cursor?: string,
  ): Promise<Page<{ article: { articleId: string; slug: string; headline: string }; correction: { id: string; kind: string; text: string; at: string } }>> {
    const limit = clampLimit(limitRaw);
    const c = cursor ? decodeCursor(cursor) : null;
    const rows = await readRows<{ articleId: string; slug: string; headline: string; c: { id: string; kind: string; text: string; at: string } }>(
      this.db,
      `SELECT p.article_id AS "articleId", p.slug, p.headline, c AS c
         FROM published_articles p, jsonb_array_elements(p.page->'corrections') c
        WHERE ($1::timestamptz IS NULL OR ((c->>'at')::timestamptz, c->>'id') < ($1::timestamptz, $2::text))
        ORDER BY (c->>'at')::timestamptz DESC, c->>'id' DESC LIMIT $3`,
      [c?.at ?? null, c?.id ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map((r) => ({ article: { articleId: r.articleId, slug: r.slug, headline: r.headline }, correction: r.c }));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.correction.at, id: last.correction.id }) : null };
  }

  /** Live pieces for feeds and sitemaps, newest first publication first. */
  async recent(opts: { sectionId?: string; since?: Date; limit: number }): Promise<(ArticleCard & { bodyHtml?: string })[]> {
    const rows = await readRows<CardRow>(
      this.db,
      `SELECT ${CARD_SQL} FROM published_articles p
        WHERE ($1::uuid IS NULL OR p.section_id = $1) AND ($2::timestamptz IS NULL OR p.published_at >= $2)
        ORDER BY p.published_at DESC, p.article_id DESC LIMIT $3`,
      [opts.sectionId ?? null, opts.since ?? null, opts.limit],
    );
    return rows.map(toCard);
  }

  /** Which of these articles are live, with their public slug and headline. */
  async liveArticles(ids: string[]): Promise<Map<string, { slug: string; headline: string }>> {
    if (!ids.length) return new Map();
    const rows = await readRows<{ id: string; slug: string; headline: string }>(
      this.db,
      `SELECT article_id AS id, slug, headline FROM published_articles WHERE article_id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { slug: r.slug, headline: r.headline }]));
  }

  /** Section, type and tags of a live piece, by id or slug (null if not live). */
  async contextOf(ref: string): Promise<{ articleId: string; sectionId: string; typeId: string; tagIds: string[] } | null> {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
    const rows = await readRows<{ articleId: string; sectionId: string; typeId: string; tagIds: string[] }>(
      this.db,
      `SELECT article_id AS "articleId", section_id AS "sectionId", type_id AS "typeId", tag_ids AS "tagIds"
         FROM published_articles WHERE ${byId ? 'article_id = $1::uuid' : 'slug = $1'}`,
      [byId ? ref.toLowerCase() : ref],
    );
    return rows[0] ?? null;
  }

  /** Sections, tags and contributors that have live pieces, with counts. */
  async facetCounts(kind: 'section' | 'tag' | 'contributor' | 'type'): Promise<Map<string, number>> {
    const sql = {
      section: `SELECT section_id AS id, count(*)::int AS n FROM published_articles GROUP BY section_id`,
      type: `SELECT type_id AS id, count(*)::int AS n FROM published_articles GROUP BY type_id`,
      tag: `SELECT t AS id, count(*)::int AS n FROM published_articles, unnest(tag_ids) t GROUP BY t`,
      contributor: `SELECT c AS id, count(*)::int AS n FROM published_articles, unnest(contributor_ids) c GROUP BY c`,
    }[kind];
    const rows = await readRows<{ id: string; n: number }>(this.db, sql);
    return new Map(rows.map((r) => [r.id, r.n]));
  }
}
