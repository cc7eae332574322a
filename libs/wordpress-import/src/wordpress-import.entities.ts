import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One import run: a file, its status, progress counts and the final report. */
@Entity({ name: 'wordpress_imports' })
@Check('ck_wordpress_imports_status', `status IN ('queued','running','succeeded','failed')`)
@Index('idx_wordpress_imports_created_at', ['createdAt'])
export class WordpressImportEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  status: string;

  /** `cli` or `upload`. */
  @Column('text')
  origin: string;

  @Column('text')
  fileName: string;

  /** Where the export file is (uploads: under IMPORT_STORAGE_DIR). */
  @Column('text')
  filePath: string;

  @Column('text', { nullable: true })
  mediaDir: string | null;

  @Column('boolean', { default: false })
  dryRun: boolean;

  /** `--invite`: invited accounts for the authors with an e-mail (from the admin who started the run). */
  @Column('boolean', { default: false })
  invite: boolean;

  /** The site's key (its base URL, normalized) once the file's header was read. */
  @Column('text', { nullable: true })
  site: string | null;

  /** Items read and done so far, and counts per kind. */
  @Column('jsonb', { default: () => "'{}'" })
  progress: Record<string, unknown>;

  @Column('jsonb', { nullable: true })
  report: Record<string, unknown> | null;

  /** A fatal error: `{ code, message, line?, column? }`. */
  @Column('jsonb', { nullable: true })
  error: Record<string, unknown> | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}

/**
 * What an imported WordPress thing became here, keyed by site + kind + WordPress key (author
 * login, category nicename, tag slug, attachment or post id). `hash` is the mapped input as of
 * the last import: the same hash again means nothing changed and nothing is written.
 */
@Entity({ name: 'wordpress_import_refs' })
@Check('ck_wordpress_import_refs_kind', `kind IN ('author','section','tag','type','image','article')`)
@Index('idx_wordpress_import_refs_target_id', ['targetId'])
export class WordpressImportRefEntity {
  @PrimaryColumn('text')
  site: string;

  @PrimaryColumn('text')
  kind: string;

  @PrimaryColumn('text')
  wpKey: string;

  @Column('uuid')
  targetId: string;

  @Column('text')
  hash: string;

  /** What later items need without asking the owning lib again (an image's address and credit). */
  @Column('jsonb', { nullable: true })
  info: Record<string, unknown> | null;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

export const WORDPRESS_IMPORT_ENTITIES = [WordpressImportEntity, WordpressImportRefEntity];
