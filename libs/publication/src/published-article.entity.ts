import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { PreviewLinkEntity } from './preview-link.entity.js';
import { BylineSnapshotEntity } from './byline-snapshot.entity.js';
import { LegacyPathEntity } from './legacy-path.entity.js';

/**
 * The public read model: one denormalized row per live article, holding everything the
 * article page needs. Written in the publish transaction, refreshed when anything a live page
 * shows changes, deleted on unpublish. The content surface reads only this table.
 */
@Entity({ name: 'published_articles' })
@Index('uq_published_articles_slug', ['slug'], { unique: true })
@Index('idx_published_articles_published_at_article_id', ['publishedAt', 'articleId'])
@Index('idx_published_articles_section_id_published_at_article_id', ['sectionId', 'publishedAt', 'articleId'])
@Index('idx_published_articles_type_id_published_at_article_id', ['typeId', 'publishedAt', 'articleId'])
// GIN indexes (created in the migration; TypeORM cannot express them)
@Index('idx_published_articles_tag_ids', { synchronize: false })
@Index('idx_published_articles_teaser_ids', { synchronize: false })
@Index('idx_published_articles_short_of_teasers', { synchronize: false })
@Index('idx_published_articles_contributor_ids', { synchronize: false })
export class PublishedArticleEntity {
  @PrimaryColumn('uuid')
  articleId: string;

  @Column('uuid')
  revisionId: string;

  @Column('text')
  slug: string;

  @Column('text')
  headline: string;

  @Column('text')
  dek: string;

  @Column('uuid')
  sectionId: string;

  @Column('uuid')
  typeId: string;

  @Column('uuid', { array: true, default: () => "'{}'" })
  tagIds: string[];

  @Column('uuid', { array: true, default: () => "'{}'" })
  contributorIds: string[];

  /** { type: {id,slug,name}, section: {id,slug,name}, tags: [...], bylines: [...] , ... } */
  @Column('jsonb')
  page: Record<string, unknown>;

  @Column('text')
  bodyText: string;

  @Column('text')
  excerpt: string;

  /**
   * RULE: the publication date is the piece's FIRST publication (`publicationTimes`): what every
   * list, feed and sitemap orders by and shows. A republish moves `updatedAt`, never this.
   */
  @Column('timestamptz')
  publishedAt: Date;

  /** The last change of the page: a republish, a refresh, a correction (the sitemap's lastmod). */
  @Column('timestamptz')
  updatedAt: Date;

  @Column('uuid', { nullable: true })
  topImageId: string | null;

  /** RULE: a piece carrying a correction of kind 'retraction' is retracted (no teasers point at it). */
  @Column('boolean', { default: false })
  retracted: boolean;

  /**
   * The related-story teasers the page shows, chosen when the row is written and again when
   * one of their targets changes or goes (null: not chosen yet; the page computes them).
   */
  @Column('jsonb', { nullable: true })
  teasers: unknown[] | null;

  /** The articles `teasers` point at: a target's change finds the pages to recompute. */
  @Column('uuid', { array: true, default: () => "'{}'" })
  teaserIds: string[];

  /**
   * Filled by a trigger whenever `page` or `teasers` change: `{"article":<page>,"relatedStories":<teasers>`
   * as text, the start of the article page response (an uncached page reads this one value).
   */
  @Column({ type: 'text', nullable: true, select: false, insert: false, update: false })
  pageBody: string | null;

  /** Filled by the same trigger: the MD5 of `page_body`, where the page's strong ETag starts. */
  @Column({ type: 'text', nullable: true, select: false, insert: false, update: false })
  pageTag: string | null;

  /**
   * Filled by the same trigger whenever `page` changes: what a list entry or search hit shows of
   * the page (kicker, section, type, bylines, tags, top image), so a card does not unpack the page.
   */
  @Column({ type: 'jsonb', nullable: true, select: false, insert: false, update: false })
  card: Record<string, unknown> | null;

  /**
   * Filled by the same trigger whenever anything a card shows changes: the whole list entry as
   * JSON text, the bytes a list response copies (apps/api/src/content/articles/card-list.ts).
   */
  @Column({ type: 'text', nullable: true, select: false, insert: false, update: false })
  cardText: string | null;

  /** Filled by the same trigger: the MD5 of `card_text` (a list's ETag is made of these). */
  @Column({ type: 'text', nullable: true, select: false, insert: false, update: false })
  cardTag: string | null;

  /** The Surrogate-Keys of the article page besides its teaser targets (`articlePageKeys`). */
  @Column('text', { array: true, default: () => "'{}'" })
  pageKeys: string[];

  /** Tag names and byline names, weighted into the search vector. */
  @Column('text', { default: '' })
  searchExtra: string;
}

/**
 * What search filters and ranks on, one narrow row per live piece (about four per heap page;
 * a `published_articles` row fills most of one), kept by the `published_articles_search`
 * trigger and removed with its piece.
 */
@Entity({ name: 'published_search' })
@Index('idx_published_search_published_at', ['publishedAt'])
@Index('idx_published_search_search', { synchronize: false }) // GIN (created in the migration)
export class PublishedSearchEntity {
  @PrimaryColumn('uuid')
  articleId: string;

  @ManyToOne(() => PublishedArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Relation<PublishedArticleEntity>;

  @Column('timestamptz')
  publishedAt: Date;

  /** Matching: headline (A), dek, tags and bylines (B), the whole body (C). */
  @Column('tsvector')
  search: string;

  /** Ranking: the same, with only the body's first 1,000 characters. */
  @Column('tsvector')
  searchRank: string;
}

/**
 * The teaser fill's tag branch, one narrow row per (tag, live unretracted piece), kept by the
 * `published_articles_tags` trigger: the newest pieces carrying a tag are the first entries of
 * the primary key read backwards, where the GIN on `published_articles.tag_ids` must read every
 * wide row sharing a tag and sort them (a cost that grew with the archive).
 */
@Entity({ name: 'published_tags' })
export class PublishedTagEntity {
  @PrimaryColumn('uuid')
  tagId: string;

  @PrimaryColumn('timestamptz')
  publishedAt: Date;

  @PrimaryColumn('uuid')
  articleId: string;

  @Column('uuid')
  sectionId: string;
}

export const PUBLICATION_ENTITIES = [PublishedArticleEntity, PublishedSearchEntity, PublishedTagEntity, PreviewLinkEntity, BylineSnapshotEntity, LegacyPathEntity];
