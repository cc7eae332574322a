import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { insertMany, queryRows, readRows, type ReadSource } from '#libs/database';
import { decodeCursor, encodeCursor, type Page } from '#libs/kernel';
import { ArticleBylineEntity, ArticleCorrectionEntity, ArticleEntity, ArticleRevisionEntity, ArticleSlugHistoryEntity } from './article.entity.js';
import { listSearch } from './article.rules.js';

/** The dates the list can be bounded by. */
export const ARTICLE_DATE_FIELDS = ['updated', 'created', 'published', 'scheduled'] as const;
export type ArticleDateField = (typeof ARTICLE_DATE_FIELDS)[number];
const DATE_COLUMN: Record<ArticleDateField, string> = { updated: 'a.updated_at', created: 'a.created_at', published: 'a.published_at', scheduled: 'a.scheduled_at' };

/**
 * The text the list searches: one expression, the same one `idx_articles_search_trgm` (a pg_trgm
 * GIN index) is built on, so an ILIKE on it is answered from the index.
 */
export const ARTICLE_SEARCH_TEXT = `(a.headline || ' ' || a.dek || ' ' || a.body_text)`;

/** What the list shows of a piece (ArticleSummaryResponse): the only columns its query reads. */
export const ARTICLE_SUMMARY_COLUMNS = [
  'id',
  'status',
  'headline',
  'slug',
  'version',
  'updatedAt',
  'typeId',
  'sectionId',
  'bylineIds',
  'ownerId',
  'scheduledAt',
  'publishedAt',
] as const satisfies readonly (keyof ArticleEntity)[];
export type ArticleSummaryRow = Pick<ArticleEntity, (typeof ARTICLE_SUMMARY_COLUMNS)[number]>;

export interface ArticleListFilter {
  ownerId?: string;
  status?: string;
  sectionId?: string;
  typeId?: string;
  tagId?: string;
  contributorId?: string;
  /** Words beginning words of the headline, dek or body, or a literal substring of them (listSearch). */
  q?: string;
  dateField?: ArticleDateField;
  /** The date field at or after `from`, and before `to`. */
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

/** All articles SQL. */
@Injectable()
export class ArticlesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get manager(): EntityManager {
    return this.db.manager;
  }

  find(id: string, m: EntityManager = this.db.manager): Promise<ArticleEntity | null> {
    return m.findOne(ArticleEntity, { where: { id } });
  }

  /** Status, slug and headline of these articles (unknown ids are left out). */
  async statusesOf(m: EntityManager, ids: string[]): Promise<{ id: string; status: string; slug: string; headline: string; ownerId: string | null }[]> {
    if (!ids.length) return [];
    return queryRows(m, `SELECT id, status, slug, headline, owner_id AS "ownerId" FROM articles WHERE id = ANY($1::uuid[]) ORDER BY id`, [ids]);
  }

  /** Ids of the pieces this account owns. */
  async idsOwnedBy(ownerId: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(m, `SELECT id FROM articles WHERE owner_id = $1`, [ownerId]);
    return rows.map((r) => r.id);
  }

  /** Row-locks the article for the rest of the transaction. */
  /** Identity facts of several articles (who owns them, their state), for access checks. */
  async accessFacts(ids: string[], m: EntityManager = this.db.manager): Promise<{ id: string; ownerId: string | null; status: string }[]> {
    if (!ids.length) return [];
    return m.query(`SELECT id, owner_id AS "ownerId", status FROM articles WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async lockForUpdate(tx: EntityManager, id: string): Promise<ArticleEntity | null> {
    return tx.getRepository(ArticleEntity).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
  }

  async insert(tx: EntityManager, a: ArticleEntity): Promise<void> {
    await tx.insert(ArticleEntity, a);
  }

  /** New pieces with their first revisions and bylines: one statement per table. */
  async insertMany(tx: EntityManager, articles: ArticleEntity[], revisions: ArticleRevisionEntity[]): Promise<void> {
    await insertMany(tx, ArticleEntity, articles);
    await insertMany(tx, ArticleRevisionEntity, revisions);
    await insertMany(
      tx,
      ArticleBylineEntity,
      articles.flatMap((a) => a.bylineIds.map((contributorId, position) => ({ articleId: a.id, contributorId, position }))),
    );
  }

  /**
   * The optimistic-concurrency write: applies `patch` only if the row still has
   * `expectedVersion`, bumping the version. Returns the new row, or null when stale.
   */
  async updateIfVersion(tx: EntityManager, id: string, expectedVersion: number, patch: Partial<ArticleEntity>): Promise<ArticleEntity | null> {
    const result = await tx
      .createQueryBuilder()
      .update(ArticleEntity)
      .set({ ...patch, version: () => 'version + 1', updatedAt: () => 'now()' } as never)
      .where('id = :id AND version = :v', { id, v: expectedVersion })
      .returning('*')
      .execute();
    if (!result.affected) return null;
    return tx.findOne(ArticleEntity, { where: { id } });
  }

  async nextRevisionNumber(tx: EntityManager, articleId: string): Promise<number> {
    const rows = await queryRows<{ n: number }>(tx, `SELECT COALESCE(max(number), 0) + 1 AS n FROM article_revisions WHERE article_id = $1`, [articleId]);
    return rows[0]!.n;
  }

  async insertRevision(tx: EntityManager, r: ArticleRevisionEntity): Promise<void> {
    await tx.insert(ArticleRevisionEntity, r as never);
  }

  listRevisions(articleId: string): Promise<ArticleRevisionEntity[]> {
    return this.db.manager.find(ArticleRevisionEntity, { where: { articleId }, order: { number: 'DESC' } });
  }

  findRevision(articleId: string, number: number, m: EntityManager = this.db.manager): Promise<ArticleRevisionEntity | null> {
    return m.findOne(ArticleRevisionEntity, { where: { articleId, number } });
  }

  findRevisionById(id: string, m: EntityManager = this.db.manager): Promise<ArticleRevisionEntity | null> {
    return m.findOne(ArticleRevisionEntity, { where: { id } });
  }

  async replaceBylines(tx: EntityManager, articleId: string, contributorIds: string[]): Promise<void> {
    await tx.delete(ArticleBylineEntity, { articleId });
    if (contributorIds.length) {
      await tx.insert(
        ArticleBylineEntity,
        contributorIds.map((contributorId, position) => ({ articleId, contributorId, position })),
      );
    }
  }

  /**
   * Pieces that have waited in a state longer than its budget (ms), the longest over budget
   * first, at most `limit` (null: all). Per state, the oldest first from
   * `idx_articles_status_status_changed_at`, so a limited call reads `limit` rows per state.
   */
  overBudget<S extends string>(
    budgets: readonly { status: S; budgetMs: number }[],
    now: Date,
    limit: number | null,
    m: EntityManager = this.db.manager,
  ): Promise<{ id: string; headline: string; status: S; statusChangedAt: Date }[]> {
    return queryRows(
      m,
      `SELECT x.id, x.headline, x.status, x.status_changed_at AS "statusChangedAt"
         FROM unnest($1::text[], $2::float8[]) b(status, budget_ms)
        CROSS JOIN LATERAL (
          SELECT a.id, a.headline, a.status, a.status_changed_at, b.budget_ms FROM articles a
           WHERE a.status = b.status AND a.status_changed_at < $3::timestamptz - make_interval(secs => b.budget_ms / 1000)
           ORDER BY a.status_changed_at, a.id LIMIT $4) x
        ORDER BY x.status_changed_at + make_interval(secs => x.budget_ms / 1000), x.id
        LIMIT $4`,
      [budgets.map((b) => b.status), budgets.map((b) => b.budgetMs), now, limit],
    );
  }

  /** Notes why the last scheduled job on the piece failed (shown to editors until the next run). */
  async recordJobError(tx: EntityManager, id: string, error: string): Promise<void> {
    await tx.update(ArticleEntity, { id }, { lastJobError: error });
  }

  /** Every byline of these articles, in byline order. */
  async bylinesOf(articleIds: readonly string[], m: EntityManager = this.db.manager): Promise<{ articleId: string; contributorId: string }[]> {
    if (!articleIds.length) return [];
    return queryRows<{ articleId: string; contributorId: string }>(
      m,
      `SELECT article_id AS "articleId", contributor_id AS "contributorId" FROM article_bylines WHERE article_id = ANY($1::uuid[]) ORDER BY article_id, position`,
      [articleIds],
    );
  }

  /** Articles credited to each profile (absent: none). */
  async articleCountsByContributor(contributorIds: string[], m: EntityManager = this.db.manager): Promise<Map<string, number>> {
    if (!contributorIds.length) return new Map();
    const rows = await queryRows<{ id: string; n: number }>(
      m,
      `SELECT contributor_id AS id, count(DISTINCT article_id)::int AS n FROM article_bylines WHERE contributor_id = ANY($1::uuid[]) GROUP BY contributor_id`,
      [contributorIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /**
   * Moves every byline of `fromId` to `intoId` (a contributor merge). Where an article already
   * credits `intoId`, the `fromId` row is dropped instead, so no article credits one person twice.
   */
  async moveBylines(tx: EntityManager, fromId: string, intoId: string): Promise<{ moved: number; duplicatesDropped: number }> {
    const dropped = await queryRows(
      tx,
      `DELETE FROM article_bylines a
        WHERE a.contributor_id = $1
          AND EXISTS (SELECT 1 FROM article_bylines b WHERE b.article_id = a.article_id AND b.contributor_id = $2)
        RETURNING a.article_id`,
      [fromId, intoId],
    );
    const moved = await queryRows(tx, `UPDATE article_bylines SET contributor_id = $2 WHERE contributor_id = $1 RETURNING article_id`, [fromId, intoId]);
    // the article's own ordered list too (the editor and the list filter read it): the remaining
    // profile takes the first place either held; the version moves so an open editor re-reads
    await tx.query(
      `UPDATE articles a SET byline_ids = (
          SELECT array_agg(x ORDER BY pos) FROM (
            SELECT x, min(ord) pos FROM unnest(array_replace(a.byline_ids, $1::uuid, $2::uuid)) WITH ORDINALITY u(x, ord) GROUP BY x) s),
          version = a.version + 1
        WHERE $1::uuid = ANY(a.byline_ids)`,
      [fromId, intoId],
    );
    return { moved: moved.length, duplicatesDropped: dropped.length };
  }

  /**
   * The list's page: the summary columns only (a row's body, text and word vector stay on disk),
   * newest change first, keyset-paged on (updated_at, id). A word search (listSearch) is a
   * constant tsquery on `search_words`, so the planner sees the words: for a common one it walks
   * `idx_articles_updated_at_id` in the list's order and stops after the page, for a rare one it
   * reads `idx_articles_search_words` and sorts the few matches; a literal string is an ILIKE
   * on ARTICLE_SEARCH_TEXT (`idx_articles_search_trgm`).
   */
  async list(filter: ArticleListFilter): Promise<Page<ArticleSummaryRow>> {
    const qb = this.db.manager
      .getRepository(ArticleEntity)
      .createQueryBuilder('a')
      .select(ARTICLE_SUMMARY_COLUMNS.map((c) => `a.${c}`));
    if (filter.ownerId) qb.andWhere('a.owner_id = :owner', { owner: filter.ownerId });
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.sectionId) qb.andWhere('a.section_id = :section', { section: filter.sectionId });
    if (filter.typeId) qb.andWhere('a.type_id = :type', { type: filter.typeId });
    // containment (@>), not = ANY: the GIN indexes on the arrays answer it
    if (filter.tagId) qb.andWhere('a.tag_ids @> ARRAY[:tag]::uuid[]', { tag: filter.tagId });
    if (filter.contributorId) qb.andWhere('a.byline_ids @> ARRAY[:contributor]::uuid[]', { contributor: filter.contributorId });
    if (filter.q) {
      const search = listSearch(filter.q);
      if (search.kind === 'words') qb.andWhere(`a.search_words @@ to_tsquery('simple', :tsq)`, { tsq: search.tsquery });
      else qb.andWhere(`${ARTICLE_SEARCH_TEXT} ILIKE :like`, { like: `%${search.text.replace(/[\\%_]/g, '\\$&')}%` });
    }
    const dateColumn = DATE_COLUMN[filter.dateField ?? 'updated'];
    if (filter.from) qb.andWhere(`${dateColumn} >= :from`, { from: filter.from });
    if (filter.to) qb.andWhere(`${dateColumn} < :to`, { to: filter.to });
    if (filter.cursor) {
      const c = decodeCursor(filter.cursor);
      qb.andWhere('(a.updated_at, a.id) < (:at, :id)', { at: c.at, id: c.id });
    }
    const rows = await qb
      .orderBy('a.updated_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor({ at: last.updatedAt.toISOString(), id: last.id }) : null };
  }

  async addSlugHistory(tx: EntityManager, slug: string, articleId: string): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO article_slug_history (slug, article_id) VALUES ($1, $2)
       ON CONFLICT (slug) DO UPDATE SET article_id = EXCLUDED.article_id, created_at = now()
       WHERE article_slug_history.article_id = EXCLUDED.article_id`,
      [slug, articleId],
    );
  }

  /** The piece an old slug belonged to (its slug history), or null; `source` may be a read replica. */
  async articleOfOldSlug(slug: string, source: DataSource | ReadSource = this.db): Promise<string | null> {
    const rows = await readRows<{ articleId: string }>(source, `SELECT article_id AS "articleId" FROM article_slug_history WHERE slug = $1`, [slug]);
    return rows[0]?.articleId ?? null;
  }

  /** Another piece already answers to `slug` (live, or through its slug history)? */
  async slugUsedElsewhere(tx: EntityManager, slug: string, articleId: string): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `SELECT 1 FROM article_slug_history WHERE slug = $1 AND article_id <> $2
       UNION ALL
       SELECT 1 FROM articles WHERE slug = $1 AND id <> $2 AND live_revision_id IS NOT NULL AND status = 'published'
       LIMIT 1`,
      [slug, articleId],
    );
    return rows.length > 0;
  }

  /** `slugUsedElsewhere` for many (slug, piece) pairs at once: the slugs another piece answers to. */
  async slugsUsedElsewhere(tx: EntityManager, pairs: { slug: string; articleId: string }[]): Promise<string[]> {
    if (!pairs.length) return [];
    const rows = await queryRows<{ slug: string }>(
      tx,
      `SELECT DISTINCT q.slug FROM unnest($1::text[], $2::uuid[]) AS q(slug, article_id)
        WHERE EXISTS (SELECT 1 FROM article_slug_history h WHERE h.slug = q.slug AND h.article_id <> q.article_id)
           OR EXISTS (SELECT 1 FROM articles a WHERE a.slug = q.slug AND a.id <> q.article_id AND a.live_revision_id IS NOT NULL AND a.status = 'published')`,
      [pairs.map((p) => p.slug), pairs.map((p) => p.articleId)],
    );
    return rows.map((r) => r.slug);
  }

  async removeSlugFromHistory(tx: EntityManager, slug: string, articleId: string): Promise<void> {
    await tx.delete(ArticleSlugHistoryEntity, { slug, articleId });
  }

  async insertCorrection(tx: EntityManager, c: ArticleCorrectionEntity): Promise<void> {
    await tx.insert(ArticleCorrectionEntity, c);
  }

  listCorrections(articleId: string, m: EntityManager = this.db.manager): Promise<ArticleCorrectionEntity[]> {
    return m.find(ArticleCorrectionEntity, { where: { articleId }, order: { at: 'ASC', id: 'ASC' } });
  }
}
