import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ArticleEntity } from '#libs/articles';

/**
 * An address a piece answered to on the site it came from (a WordPress permalink, `/?p=12`),
 * normalized by the importer. The content API answers it with a 301 to the piece's page while
 * the piece is live.
 */
@Entity({ name: 'legacy_paths' })
@Index('idx_legacy_paths_article_id', ['articleId'])
export class LegacyPathEntity {
  @PrimaryColumn('text')
  path: string;

  @Column('uuid')
  articleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Relation<ArticleEntity>;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
