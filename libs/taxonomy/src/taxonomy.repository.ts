import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { insertMany, queryRows } from '#libs/database';
import { ArticleTypeEntity, SectionEntity, TagEntity } from './taxonomy.entities.js';
import type { TagKind } from './taxonomy.rules.js';

export type TermEntity = SectionEntity | ArticleTypeEntity | TagEntity;
type TermClass = typeof SectionEntity | typeof ArticleTypeEntity | typeof TagEntity;

export interface TagQuery {
  kind?: TagKind;
  /** Case-insensitive match on name or slug. */
  q?: string;
  /** Only tags whose slug sorts after this one. */
  afterSlug?: string;
  limit: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** All taxonomy SQL lives here. */
@Injectable()
export class TaxonomyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get manager(): EntityManager {
    return this.db.manager;
  }

  /** One term by id; `lock` takes a row lock for the rest of the transaction. */
  findById<E extends TermEntity>(entity: TermClass, id: string, m: EntityManager = this.db.manager, lock = false): Promise<E | null> {
    return m.findOne(entity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) }) as Promise<E | null>;
  }

  findByIds<E extends TermEntity>(entity: TermClass, ids: string[], m: EntityManager = this.db.manager): Promise<E[]> {
    if (!ids.length) return Promise.resolve([]);
    return m.find(entity, { where: { id: In(ids) } }) as Promise<E[]>;
  }

  findBySlugs<E extends TermEntity>(entity: TermClass, slugs: string[], m: EntityManager = this.db.manager): Promise<E[]> {
    if (!slugs.length) return Promise.resolve([]);
    return m.find(entity, { where: { slug: In(slugs) } }) as Promise<E[]>;
  }

  /** New terms of one kind: one statement. */
  async insertMany(entity: TermClass, rows: TermEntity[], tx: EntityManager): Promise<void> {
    await insertMany(tx, entity, rows);
  }

  findBySlug<E extends TermEntity>(entity: TermClass, slug: string, m: EntityManager = this.db.manager): Promise<E | null> {
    return m.findOne(entity, { where: { slug } }) as Promise<E | null>;
  }

  async insert(entity: TermClass, row: TermEntity, m: EntityManager): Promise<void> {
    await m.insert(entity, row as never);
  }

  async update(entity: TermClass, id: string, changes: Record<string, unknown>, m: EntityManager): Promise<void> {
    await m.update(entity, { id }, changes as never);
  }

  listSections(m: EntityManager = this.db.manager): Promise<SectionEntity[]> {
    return m.find(SectionEntity, { order: { position: 'ASC', name: 'ASC', id: 'ASC' } });
  }

  /** The position after the last section (new sections go to the end). */
  async nextSectionPosition(m: EntityManager): Promise<number> {
    const rows = await queryRows<{ next: number }>(m, `SELECT COALESCE(MAX(position) + 1, 0)::int AS next FROM sections`);
    return rows[0]!.next;
  }

  listTypes(m: EntityManager = this.db.manager): Promise<ArticleTypeEntity[]> {
    return m.find(ArticleTypeEntity, { order: { name: 'ASC', id: 'ASC' } });
  }

  /** Tags in slug order, keyset-paginated; returns one row more than `limit` when there is a next page. */
  listTags(query: TagQuery): Promise<TagEntity[]> {
    const qb = this.db.manager
      .createQueryBuilder(TagEntity, 't')
      .orderBy('t.slug', 'ASC')
      .limit(query.limit + 1);
    if (query.kind) qb.andWhere('t.kind = :kind', { kind: query.kind });
    if (query.q) qb.andWhere(`(t.name ILIKE :q ESCAPE '\\' OR t.slug ILIKE :q ESCAPE '\\')`, { q: `%${escapeLike(query.q)}%` });
    if (query.afterSlug) qb.andWhere('t.slug > :after', { after: query.afterSlug });
    return qb.getMany();
  }
}
