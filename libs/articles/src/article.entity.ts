import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ContributorEntity } from '#libs/contributors';
import { ImageEntity } from '#libs/image-credits';
import { ArticleTypeEntity, SectionEntity } from '#libs/taxonomy';
import type { RevisionData } from './article.rules.js';

/**
 * An article's identity, workflow state and working draft. The draft fields here are what
 * editors see; the public sees the revision `liveRevisionId` points at (through the
 * publication read model), so editing a live piece changes nothing public until republished.
 */
@Entity({ name: 'articles' })
@Check('ck_articles_status', `status IN ('draft','in_review','approved','scheduled','published','unpublished','archived')`)
@Index('idx_articles_status_status_changed_at', ['status', 'statusChangedAt'])
@Index('idx_articles_owner_id', ['ownerId'])
// the list's order and keyset (updated_at DESC, id DESC): a backward scan, the cursor an index condition
@Index('idx_articles_updated_at_id', ['updatedAt', 'id'])
@Index('idx_articles_slug', ['slug'])
// GIN indexes (migration ArticleListSearchIndexes): the list's search (pg_trgm, on ARTICLE_SEARCH_TEXT) and array filters
@Index('idx_articles_search_trgm', { synchronize: false })
@Index('idx_articles_tag_ids', { synchronize: false })
@Index('idx_articles_byline_ids', { synchronize: false })
// GIN (migration ArticleListWordSearch): the list's word search on search_words
@Index('idx_articles_search_words', { synchronize: false })
export class ArticleEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  status: string;

  /** Bumped by every write; the ETag. Writes are conditional on it. */
  @Column('int')
  version: number;

  @Column('timestamptz')
  statusChangedAt: Date;

  /** The account that created the piece (its contributor "owner"). */
  @Column('uuid', { nullable: true })
  ownerId: string | null;

  @Column('text')
  headline: string;

  @Column('text', { default: '' })
  dek: string;

  @Column('text')
  slug: string;

  @Column('uuid', { nullable: true })
  typeId: string | null;

  @ManyToOne(() => ArticleTypeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'type_id' })
  type?: Relation<ArticleTypeEntity>;

  @Column('uuid', { nullable: true })
  sectionId: string | null;

  @ManyToOne(() => SectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'section_id' })
  section?: Relation<SectionEntity>;

  @Column('uuid', { array: true, default: () => "'{}'" })
  tagIds: string[];

  /** Ordered contributor ids. */
  @Column('uuid', { array: true, default: () => "'{}'" })
  bylineIds: string[];

  @Column('text', { default: '' })
  bodyHtml: string;

  @Column('text', { default: '' })
  bodyText: string;

  @Column('text', { default: '' })
  excerpt: string;

  /**
   * The words of headline, dek and body for the list's word search (listSearch): kept by the
   * trigger `articles_search_words` (migrations/functions.ts), never read or written here.
   */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchWords?: string | null;

  @Column('int', { default: 0 })
  wordCount: number;

  @Column('int', { default: 0 })
  readingMinutes: number;

  @Column('uuid', { nullable: true })
  topImageId: string | null;

  @ManyToOne(() => ImageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'top_image_id' })
  topImage?: Relation<ImageEntity>;

  @Column('text', { nullable: true })
  topImageCaption: string | null;

  @Column('text', { nullable: true })
  topImageCredit: string | null;

  @Column('text', { nullable: true })
  seoTitle: string | null;

  @Column('text', { nullable: true })
  seoDescription: string | null;

  /** Share-card overrides (null: the page falls back, see `articleMeta` in libs/publication). */
  @Column('text', { nullable: true })
  ogTitle: string | null;

  @Column('text', { nullable: true })
  ogDescription: string | null;

  @Column('uuid', { nullable: true })
  ogImageId: string | null;

  @ManyToOne(() => ImageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'og_image_id' })
  ogImage?: Relation<ImageEntity>;

  @Column('text', { nullable: true })
  twitterTitle: string | null;

  @Column('text', { nullable: true })
  twitterDescription: string | null;

  @Column('uuid', { nullable: true })
  twitterImageId: string | null;

  @ManyToOne(() => ImageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'twitter_image_id' })
  twitterImage?: Relation<ImageEntity>;

  @Column('text', { nullable: true })
  canonicalUrl: string | null;

  @Column('timestamptz', { nullable: true })
  embargoUntil: Date | null;

  @Column('uuid', { nullable: true })
  currentRevisionId: string | null;

  @Column('uuid', { nullable: true })
  liveRevisionId: string | null;

  @Column('timestamptz', { nullable: true })
  firstPublishedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  scheduledAt: Date | null;

  @Column('text', { nullable: true })
  scheduledJobId: string | null;

  @Column('timestamptz', { nullable: true })
  unpublishAt: Date | null;

  @Column('text', { nullable: true })
  unpublishJobId: string | null;

  /** Last failure of a scheduled job, shown to editors until the next success. */
  @Column('text', { nullable: true })
  lastJobError: string | null;

  @Column('uuid', { nullable: true })
  lockHolderId: string | null;

  @Column('timestamptz', { nullable: true })
  lockAcquiredAt: Date | null;

  @Column('timestamptz', { nullable: true })
  lockHeartbeatAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/** An immutable snapshot of every field and relation as of one save. */
@Entity({ name: 'article_revisions' })
@Index('uq_article_revisions_article_id_number', ['articleId', 'number'], { unique: true })
export class ArticleRevisionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  articleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Relation<ArticleEntity>;

  @Column('int')
  number: number;

  @Column('jsonb')
  data: RevisionData;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  /** Set when the revision restores another one. */
  @Column('int', { nullable: true })
  restoredFrom: number | null;
}

/** Ordered bylines of the working draft, for "articles by contributor" and merges. */
@Entity({ name: 'article_bylines' })
@Index('idx_article_bylines_contributor_id', ['contributorId'])
export class ArticleBylineEntity {
  @PrimaryColumn('uuid')
  articleId: string;

  @PrimaryColumn('uuid')
  contributorId: string;

  @Column('int')
  position: number;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Relation<ArticleEntity>;

  @ManyToOne(() => ContributorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contributor_id' })
  contributor?: Relation<ContributorEntity>;
}

/** Slugs a piece answered to while public, so old links redirect to the current one. */
@Entity({ name: 'article_slug_history' })
@Index('idx_article_slug_history_article_id', ['articleId'])
export class ArticleSlugHistoryEntity {
  @PrimaryColumn('text')
  slug: string;

  @Column('uuid')
  articleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Relation<ArticleEntity>;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

@Entity({ name: 'article_corrections' })
@Check('ck_article_corrections_kind', `kind IN ('correction','clarification','retraction')`)
@Index('idx_article_corrections_article_id_at', ['articleId', 'at'])
@Index('idx_article_corrections_at', ['at'])
export class ArticleCorrectionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  articleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Relation<ArticleEntity>;

  @Column('text')
  kind: string;

  @Column('text')
  text: string;

  @Column('timestamptz')
  at: Date;

  @Column('uuid', { nullable: true })
  createdBy: string | null;
}

export const ARTICLE_ENTITIES = [ArticleEntity, ArticleRevisionEntity, ArticleBylineEntity, ArticleSlugHistoryEntity, ArticleCorrectionEntity];
