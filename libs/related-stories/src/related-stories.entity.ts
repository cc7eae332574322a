import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ArticleEntity } from '#libs/articles';
import { ImageEntity } from '#libs/image-credits';

/**
 * An editor's pinned teaser on one article page: the target article shown at `position`,
 * optionally with its own headline, excerpt or image. Replaced as a whole set per page.
 */
@Entity({ name: 'related_pins' })
@Index('uq_related_pins_article_id_position', ['articleId', 'position'], { unique: true })
@Index('uq_related_pins_article_id_target_article_id', ['articleId', 'targetArticleId'], { unique: true })
@Index('idx_related_pins_target_article_id', ['targetArticleId'])
@Check('ck_related_pins_position', `position >= 0`)
@Check('ck_related_pins_not_self', `article_id <> target_article_id`)
export class RelatedPinEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The page that shows the teaser. */
  @Column('uuid')
  articleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Relation<ArticleEntity>;

  /** 0-based order among the page's pins. */
  @Column('int')
  position: number;

  /** The article the teaser projects. */
  @Column('uuid')
  targetArticleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'target_article_id' })
  targetArticle?: Relation<ArticleEntity>;

  @Column('text', { nullable: true })
  headlineOverride: string | null;

  @Column('text', { nullable: true })
  excerptOverride: string | null;

  @Column('uuid', { nullable: true })
  imageIdOverride: string | null;

  @ManyToOne(() => ImageEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'image_id_override' })
  imageOverride?: Relation<ImageEntity>;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

/**
 * "A teaser you pinned went away": one row per page pinning a target that was unpublished,
 * retracted or archived. Open while `resolvedAt` is null; at most one open alert per
 * (page, target, reason), so a redelivered event adds nothing.
 */
@Entity({ name: 'teaser_alerts' })
@Check('ck_teaser_alerts_reason', `reason IN ('unpublished','retracted','archived')`)
@Index('uq_teaser_alerts_article_id_target_article_id_reason', ['articleId', 'targetArticleId', 'reason'], { unique: true, where: `resolved_at IS NULL` })
@Index('idx_teaser_alerts_created_at_id', ['createdAt', 'id'])
@Index('idx_teaser_alerts_target_article_id', ['targetArticleId'])
@Index('idx_teaser_alerts_article_id', ['articleId'])
export class TeaserAlertEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The page pinning the target (its editors see the alert). */
  @Column('uuid')
  articleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Relation<ArticleEntity>;

  @Column('uuid')
  targetArticleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'target_article_id' })
  targetArticle?: Relation<ArticleEntity>;

  @Column('text')
  reason: string;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  /** The account that resolved it (null while open). */
  @Column('uuid', { nullable: true })
  resolvedBy: string | null;
}

export const RELATED_STORIES_ENTITIES = [RelatedPinEntity, TeaserAlertEntity];
