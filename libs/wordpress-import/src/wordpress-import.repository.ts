import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import { WordpressImportEntity } from './wordpress-import.entities.js';

export type RefKind = 'author' | 'section' | 'tag' | 'type' | 'image' | 'article';
export interface Ref {
  targetId: string;
  hash: string;
  info?: Record<string, unknown> | null;
}

/** All SQL of the import lib (its two tables). */
@Injectable()
export class WordpressImportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get manager(): EntityManager {
    return this.db.manager;
  }

  async refs(m: EntityManager, site: string, kind: RefKind, keys: string[]): Promise<Map<string, Ref>> {
    if (!keys.length) return new Map();
    const rows = await queryRows<{ wp_key: string; target_id: string; hash: string; info: Record<string, unknown> | null }>(
      m,
      `SELECT wp_key, target_id, hash, info FROM wordpress_import_refs WHERE site = $1 AND kind = $2 AND wp_key = ANY($3::text[])`,
      [site, kind, keys],
    );
    return new Map(rows.map((r) => [r.wp_key, { targetId: r.target_id, hash: r.hash, info: r.info }]));
  }

  async saveRef(tx: EntityManager, site: string, kind: RefKind, key: string, ref: Ref): Promise<void> {
    await tx.query(
      `INSERT INTO wordpress_import_refs (site, kind, wp_key, target_id, hash, info) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (site, kind, wp_key) DO UPDATE SET target_id = EXCLUDED.target_id, hash = EXCLUDED.hash, info = EXCLUDED.info, updated_at = now()`,
      [site, kind, key, ref.targetId, ref.hash, ref.info ? JSON.stringify(ref.info) : null],
    );
  }

  /** Many refs of one kind in one statement. */
  async saveRefs(tx: EntityManager, site: string, kind: RefKind, refs: { key: string; targetId: string; hash: string; info?: Record<string, unknown> | null }[]): Promise<void> {
    if (!refs.length) return;
    await tx.query(
      `INSERT INTO wordpress_import_refs (site, kind, wp_key, target_id, hash, info)
       SELECT $1, $2, r.wp_key, r.target_id, r.hash, r.info FROM jsonb_to_recordset($3::jsonb) AS r(wp_key text, target_id uuid, hash text, info jsonb)
       ON CONFLICT (site, kind, wp_key) DO UPDATE SET target_id = EXCLUDED.target_id, hash = EXCLUDED.hash, info = EXCLUDED.info, updated_at = now()`,
      [site, kind, JSON.stringify(refs.map((r) => ({ wp_key: r.key, target_id: r.targetId, hash: r.hash, info: r.info ?? null })))],
    );
  }

  async insertRun(row: WordpressImportEntity, m: EntityManager = this.db.manager): Promise<void> {
    await m.insert(WordpressImportEntity, row as never);
  }

  findRun(id: string, m: EntityManager = this.db.manager): Promise<WordpressImportEntity | null> {
    return m.findOne(WordpressImportEntity, { where: { id } });
  }

  async updateRun(id: string, patch: Partial<WordpressImportEntity>, m: EntityManager = this.db.manager): Promise<void> {
    await m.update(WordpressImportEntity, { id }, patch as never);
  }
}
