import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { AccountEntity } from '#libs/identity';
import type { SocialLink } from './contributors.rules.js';

/**
 * A byline profile: staff or outside writer, with or without a login. A merged profile stays
 * (old revisions may name it) but points at the one it was merged into and is hidden.
 */
@Entity({ name: 'contributors' })
@Index('uq_contributors_slug', ['slug'], { unique: true })
@Index('uq_contributors_account_id', ['accountId'], { unique: true })
@Index('idx_contributors_merged_into_id', ['mergedIntoId'])
@Check('ck_contributors_social_links_array', `jsonb_typeof(social_links) = 'array'`)
@Check('ck_contributors_bio_length', `char_length(bio) <= 5000`)
@Check('ck_contributors_not_merged_into_self', `merged_into_id IS NULL OR merged_into_id <> id`)
export class ContributorEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  slug: string;

  @Column('text')
  name: string;

  /** Title or affiliation shown with the byline, e.g. "Senior Fellow, Carnegie Europe". */
  @Column('text', { nullable: true })
  title: string | null;

  /** Plain text (front-ends escape it). */
  @Column('text', { nullable: true })
  bio: string | null;

  /** An image of the images lib; no foreign key (that lib owns its table). */
  @Column('uuid', { nullable: true })
  avatarImageId: string | null;

  @Column('jsonb', { default: () => "'[]'" })
  socialLinks: SocialLink[];

  /** Conflicts of interest and affiliations readers should know about. */
  @Column('text', { nullable: true })
  disclosure: string | null;

  @Column('uuid', { nullable: true })
  accountId: string | null;

  @ManyToOne(() => AccountEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<AccountEntity>;

  @Column('uuid', { nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => ContributorEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'merged_into_id' })
  mergedInto?: Relation<ContributorEntity>;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/** Slugs a contributor answered to before (renames, merges): the content API redirects them. */
@Entity({ name: 'contributor_slug_history' })
@Index('uq_contributor_slug_history_slug', ['slug'], { unique: true })
@Index('idx_contributor_slug_history_contributor_id', ['contributorId'])
export class ContributorSlugHistoryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  slug: string;

  /** Where the slug leads now. */
  @Column('uuid')
  contributorId: string;

  @ManyToOne(() => ContributorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contributor_id' })
  contributor?: Relation<ContributorEntity>;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

export const CONTRIBUTORS_ENTITIES = [ContributorEntity, ContributorSlugHistoryEntity];
