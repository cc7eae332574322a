import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ArticleEntity } from '#libs/articles';

/** One row per workflow transition, written in the transaction that changes the state. */
@Entity({ name: 'article_transitions' })
@Index('idx_article_transitions_article_id_at', ['articleId', 'at'])
export class ArticleTransitionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  articleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Relation<ArticleEntity>;

  @Column('text')
  action: string;

  @Column('text')
  fromStatus: string;

  @Column('text')
  toStatus: string;

  /** Null when the worker acted (scheduled publish/unpublish). */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text')
  actorLabel: string;

  @Column('text', { nullable: true })
  comment: string | null;

  @Column('timestamptz')
  at: Date;

  /** For schedule/unpublish-later: the time requested. */
  @Column('timestamptz', { nullable: true })
  scheduledFor: Date | null;
}

export const WORKFLOW_ENTITIES = [ArticleTransitionEntity];
