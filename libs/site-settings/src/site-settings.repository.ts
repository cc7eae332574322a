import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { SiteSettingsEntity } from './site-settings.entities.js';

/** The only SQL of the site settings: its one row. */
@Injectable()
export class SiteSettingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  find(m: EntityManager = this.db.manager): Promise<SiteSettingsEntity | null> {
    return m.findOne(SiteSettingsEntity, { where: { id: 1 } });
  }

  /** The row, locked for this transaction (null: never written). */
  findForUpdate(tx: EntityManager): Promise<SiteSettingsEntity | null> {
    return tx.createQueryBuilder(SiteSettingsEntity, 's').setLock('pessimistic_write').where('s.id = 1').getOne();
  }

  /** Writes version `version` when the stored one is `version - 1` (or none); false: someone else wrote first. */
  async write(tx: EntityManager, row: Omit<SiteSettingsEntity, 'id'>): Promise<boolean> {
    const rows = (await tx.query(
      `INSERT INTO site_settings (id, version, data, updated_at, updated_by) VALUES (1, $1, $2::jsonb, $3, $4)
       ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
        WHERE site_settings.version = EXCLUDED.version - 1
       RETURNING id`,
      [row.version, JSON.stringify(row.data), row.updatedAt, row.updatedBy],
    )) as unknown[];
    return rows.length === 1;
  }
}
