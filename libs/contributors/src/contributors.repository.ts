import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import { ContributorEntity, ContributorSlugHistoryEntity } from './contributors.entities.js';

export interface ContributorQuery {
  /** Case-insensitive match on name or slug. */
  q?: string;
  afterSlug?: string;
  limit: number;
}

/** Who answers to a slug now: a profile (maybe merged) and/or a history entry. */
export interface SlugOwners {
  contributorId: string | null;
  historyOwnerId: string | null;
}

export interface BylineMove {
  /** False while the articles lib's `article_bylines` table does not exist yet. */
  tablePresent: boolean;
  moved: number;
  /** Rows dropped because the article already credited the target profile. */
  duplicatesDropped: number;
}

// advisory lock namespace for contributor slugs (first key of the two-key form)
const SLUG_LOCK_NAMESPACE = 0x636f6e74; // "cont"

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** All contributor SQL lives here. */
@Injectable()
export class ContributorsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One profile; `lock` 'update' for a write to it, 'share' to keep it from being merged away meanwhile. */
  findById(id: string, m: EntityManager = this.db.manager, lock?: 'update' | 'share'): Promise<ContributorEntity | null> {
    const mode = lock === 'update' ? ('pessimistic_write' as const) : lock === 'share' ? ('pessimistic_read' as const) : undefined;
    return m.findOne(ContributorEntity, { where: { id }, ...(mode ? { lock: { mode } } : {}) });
  }

  findByIds(ids: string[], m: EntityManager = this.db.manager, lock?: 'share'): Promise<ContributorEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return m.find(ContributorEntity, { where: { id: In(ids) }, ...(lock ? { lock: { mode: 'pessimistic_read' as const } } : {}) });
  }

  findBySlug(slug: string, m: EntityManager = this.db.manager): Promise<ContributorEntity | null> {
    return m.findOne(ContributorEntity, { where: { slug } });
  }

  async findHistoryOwner(slug: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const row = await m.findOne(ContributorSlugHistoryEntity, { where: { slug } });
    return row?.contributorId ?? null;
  }

  findActiveByAccount(accountId: string, m: EntityManager = this.db.manager): Promise<ContributorEntity | null> {
    return m.createQueryBuilder(ContributorEntity, 'c').where('c.account_id = :accountId AND c.merged_into_id IS NULL', { accountId }).getOne();
  }

  /** Active (not merged) profiles in slug order; one row more than `limit` when a next page exists. */
  listActive(query: ContributorQuery): Promise<ContributorEntity[]> {
    const qb = this.db.manager.createQueryBuilder(ContributorEntity, 'c').where('c.merged_into_id IS NULL').orderBy('c.slug', 'ASC').limit(query.limit + 1);
    if (query.q) qb.andWhere(`(c.name ILIKE :q ESCAPE '\\' OR c.slug ILIKE :q ESCAPE '\\')`, { q: `%${escapeLike(query.q)}%` });
    if (query.afterSlug) qb.andWhere('c.slug > :after', { after: query.afterSlug });
    return qb.getMany();
  }

  async insert(row: ContributorEntity, m: EntityManager): Promise<void> {
    await m.insert(ContributorEntity, row);
  }

  async update(id: string, changes: Partial<ContributorEntity>, m: EntityManager): Promise<void> {
    await m.update(ContributorEntity, { id }, changes as never);
  }

  /**
   * Serializes every transaction that claims or releases these slugs (current or historical),
   * so the "free in both tables" check cannot race. Locks in sorted order: no deadlocks.
   */
  async lockSlugs(m: EntityManager, slugs: string[]): Promise<void> {
    for (const slug of [...new Set(slugs)].sort()) {
      await queryRows(m, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, [SLUG_LOCK_NAMESPACE, `contributor:${slug}`]);
    }
  }

  async slugOwners(slug: string, m: EntityManager): Promise<SlugOwners> {
    const rows = await queryRows<SlugOwners>(
      m,
      `SELECT (SELECT id FROM contributors WHERE slug = $1) AS "contributorId",
              (SELECT contributor_id FROM contributor_slug_history WHERE slug = $1) AS "historyOwnerId"`,
      [slug],
    );
    return rows[0]!;
  }

  async addHistory(m: EntityManager, row: ContributorSlugHistoryEntity): Promise<void> {
    await m.insert(ContributorSlugHistoryEntity, row);
  }

  async dropHistory(m: EntityManager, slug: string): Promise<void> {
    await queryRows(m, `DELETE FROM contributor_slug_history WHERE slug = $1`, [slug]);
  }

  /** Old slugs of `fromId` now lead to `intoId`. */
  async repointHistory(m: EntityManager, fromId: string, intoId: string): Promise<void> {
    await queryRows(m, `UPDATE contributor_slug_history SET contributor_id = $2 WHERE contributor_id = $1`, [fromId, intoId]);
  }

  /** Profiles merged earlier into `fromId` now point straight at `intoId` (no chains). */
  async repointMerged(m: EntityManager, fromId: string, intoId: string, now: Date): Promise<void> {
    await queryRows(m, `UPDATE contributors SET merged_into_id = $2, updated_at = $3 WHERE merged_into_id = $1`, [fromId, intoId, now]);
  }

  /** The articles lib owns `article_bylines`; it may not exist yet (then there are no bylines). */
  async bylinesTablePresent(m: EntityManager = this.db.manager): Promise<boolean> {
    const rows = await queryRows<{ present: boolean }>(m, `SELECT to_regclass(format('%I.article_bylines', current_schema())) IS NOT NULL AS present`);
    return rows[0]!.present;
  }

  /** Articles credited to each profile (0 for none, or while `article_bylines` does not exist). */
  async articleCounts(ids: string[], m: EntityManager = this.db.manager): Promise<Map<string, number>> {
    const counts = new Map(ids.map((id) => [id, 0]));
    if (!ids.length || !(await this.bylinesTablePresent(m))) return counts;
    const rows = await queryRows<{ id: string; n: number }>(
      m,
      `SELECT contributor_id AS id, count(DISTINCT article_id)::int AS n FROM article_bylines WHERE contributor_id = ANY($1::uuid[]) GROUP BY contributor_id`,
      [ids],
    );
    for (const r of rows) counts.set(r.id, r.n);
    return counts;
  }

  /**
   * Moves every byline of `fromId` to `intoId`. Where an article already credits `intoId`,
   * the `fromId` row is dropped instead, so no article credits one person twice.
   */
  async moveBylines(m: EntityManager, fromId: string, intoId: string): Promise<BylineMove> {
    if (!(await this.bylinesTablePresent(m))) return { tablePresent: false, moved: 0, duplicatesDropped: 0 };
    const dropped = await queryRows(
      m,
      `DELETE FROM article_bylines a
        WHERE a.contributor_id = $1
          AND EXISTS (SELECT 1 FROM article_bylines b WHERE b.article_id = a.article_id AND b.contributor_id = $2)
        RETURNING a.article_id`,
      [fromId, intoId],
    );
    const moved = await queryRows(m, `UPDATE article_bylines SET contributor_id = $2 WHERE contributor_id = $1 RETURNING article_id`, [fromId, intoId]);
    return { tablePresent: true, moved: moved.length, duplicatesDropped: dropped.length };
  }
}
