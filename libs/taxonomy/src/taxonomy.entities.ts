import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A section of the site (Europe, Middle East, Africa, Global Crises, ...), ordered by `position`. */
@Entity({ name: 'sections' })
@Index('uq_sections_slug', ['slug'], { unique: true })
export class SectionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  slug: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  /** Display order in navigation (ascending). */
  @Column('int', { default: 0 })
  position: number;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/** The kind of piece: Analysis, News, Opinion, Interview, ... (the first half of the kicker). */
@Entity({ name: 'article_types' })
@Index('uq_article_types_slug', ['slug'], { unique: true })
export class ArticleTypeEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  slug: string;

  @Column('text')
  name: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/** A tag: a person, place, organization or topic a piece is about. */
@Entity({ name: 'tags' })
@Check('ck_tags_kind', `kind IN ('person','place','organization','topic')`)
@Index('uq_tags_slug', ['slug'], { unique: true })
@Index('idx_tags_kind_slug', ['kind', 'slug'])
export class TagEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  slug: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

export const TAXONOMY_ENTITIES = [SectionEntity, ArticleTypeEntity, TagEntity];
