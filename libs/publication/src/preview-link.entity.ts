import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ArticleEntity } from '#libs/articles';

/** A revocable, expiring link that shows an article's working draft to whoever holds it. */
@Entity({ name: 'article_preview_links' })
@Index('uq_article_preview_links_token_hash', ['tokenHash'], { unique: true })
@Index('idx_article_preview_links_article_id', ['articleId'])
export class PreviewLinkEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  articleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Relation<ArticleEntity>;

  /** SHA-256 of the token; the token itself is shown once. */
  @Column('text')
  tokenHash: string;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;
}
