import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The site's settings and navigation: one row (id 1), the whole document in `data` (validated by
 * `site-settings.rules.ts` before it is written), with a version for If-Match.
 */
@Entity({ name: 'site_settings' })
@Check('ck_site_settings_single_row', `id = 1`)
export class SiteSettingsEntity {
  @PrimaryColumn('smallint')
  id: number;

  @Column('int')
  version: number;

  @Column('jsonb')
  data: Record<string, unknown>;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('uuid', { nullable: true })
  updatedBy: string | null;
}

export const SITE_SETTINGS_ENTITIES = [SiteSettingsEntity];
