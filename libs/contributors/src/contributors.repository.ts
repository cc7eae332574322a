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
    const qb = this.db.manager
      .createQueryBuilder(ContributorEntity, 'c')
      .where('c.merged_into_id IS NULL')
      .orderBy('c.slug', 'ASC')
      .limit(query.limit + 1);
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

  /** `lockSlugs` in one statement (the same locks, taken in the same sorted order). */
  async lockSlugsAtOnce(m: EntityManager, slugs: string[]): Promise<void> {
    if (!slugs.length) return;
    await queryRows(m, `SELECT count(pg_advisory_xact_lock($1, hashtext('contributor:' || s))) FROM (SELECT s FROM unnest($2::text[]) AS s ORDER BY s COLLATE "C") x`, [
      SLUG_LOCK_NAMESPACE,
      [...new Set(slugs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    ]);
  }

  /** Which of these slugs a profile has, or had (its history). */
  async takenSlugs(slugs: string[], m: EntityManager): Promise<Set<string>> {
    if (!slugs.length) return new Set();
    const rows = await queryRows<{ slug: string }>(
      m,
      `SELECT slug FROM contributors WHERE slug = ANY($1::text[]) UNION SELECT slug FROM contributor_slug_history WHERE slug = ANY($1::text[])`,
      [slugs],
    );
    return new Set(rows.map((r) => r.slug));
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
}
