import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/** A newsletter readers can subscribe to (weekly round-up, ...). Archived, never deleted: old links keep working. */
@Entity({ name: 'newsletter_lists' })
@Index('uq_newsletter_lists_slug', ['slug'], { unique: true })
export class NewsletterListEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  slug: string;

  @Column('text')
  name: string;

  @Column('text', { default: '' })
  description: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  /** No new signups once set; subscriptions and unsubscribe links stay. */
  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;
}

/** The consent wording shown next to the signup box. Versions are immutable; a change is a new version. */
@Entity({ name: 'newsletter_consent_texts' })
@Index('uq_newsletter_consent_texts_version', ['version'], { unique: true })
export class NewsletterConsentTextEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('int')
  version: number;

  @Column('text')
  text: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('uuid', { nullable: true })
  createdBy: string | null;
}

/** One e-mail address. Erasure blanks the address and token and keeps the row as an anonymous anchor for the consent trail. */
@Entity({ name: 'newsletter_subscribers' })
@Index('uq_newsletter_subscribers_email', ['email'], { unique: true })
@Index('uq_newsletter_subscribers_unsubscribe_token', ['unsubscribeToken'], { unique: true })
@Index('idx_newsletter_subscribers_created_at_id', ['createdAt', 'id'])
@Check('ck_newsletter_subscribers_email_normalized', `email = lower(btrim(email))`)
@Check('ck_newsletter_subscribers_erased', `(erased_at IS NULL) = (email IS NOT NULL)`)
export class NewsletterSubscriberEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Normalized (trimmed, NFC, lower-case); null once erased. */
  @Column('text', { nullable: true })
  email: string | null;

  /**
   * Stored as is, unlike confirmation tokens: every future mail must carry it, and all it can
   * do is unsubscribe its own holder. Per subscriber, so it outlives list changes.
   */
  @Column('text', { nullable: true })
  unsubscribeToken: string | null;

  @Column('timestamptz', { nullable: true })
  lastConfirmationSentAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  erasedAt: Date | null;
}

/** A subscriber on one list. Attribution (page, article, placement) is that of the latest signup. */
@Entity({ name: 'newsletter_subscriptions' })
@Check('ck_newsletter_subscriptions_status', `status IN ('pending','confirmed','unsubscribed')`)
@Index('uq_newsletter_subscriptions_subscriber_id_list_id', ['subscriberId', 'listId'], { unique: true })
@Index('idx_newsletter_subscriptions_list_id_status', ['listId', 'status'])
@Index('idx_newsletter_subscriptions_source_article_id', ['sourceArticleId'])
@Index('idx_newsletter_subscriptions_created_at_id', ['createdAt', 'id'])
export class NewsletterSubscriptionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  subscriberId: string;

  @ManyToOne(() => NewsletterSubscriberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscriber_id' })
  subscriber?: Relation<NewsletterSubscriberEntity>;

  @Column('uuid')
  listId: string;

  @ManyToOne(() => NewsletterListEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'list_id' })
  list?: Relation<NewsletterListEntity>;

  @Column('text')
  status: string;

  @Column('uuid')
  consentTextId: string;

  @ManyToOne(() => NewsletterConsentTextEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'consent_text_id' })
  consentText?: Relation<NewsletterConsentTextEntity>;

  @Column('text', { nullable: true })
  sourcePage: string | null;

  @Column('uuid', { nullable: true })
  sourceArticleId: string | null;

  @Column('text', { nullable: true })
  sourcePlacement: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  confirmedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  unsubscribedAt: Date | null;
}

/**
 * What a reader agreed to (or withdrew), when, where from: one row per signup, confirmation,
 * unsubscription and erasure, per list. Kept after erasure with the hashed address blanked.
 */
@Entity({ name: 'newsletter_consent_records' })
@Check('ck_newsletter_consent_records_action', `action IN ('signup','confirm','unsubscribe','erase')`)
@Check('ck_newsletter_consent_records_channel', `channel IN ('form','mail_link','one_click','admin')`)
@Index('idx_newsletter_consent_records_subscriber_id_at', ['subscriberId', 'at'])
@Index('idx_newsletter_consent_records_list_id_at', ['listId', 'at'])
@Index('idx_newsletter_consent_records_at', ['at'])
export class NewsletterConsentRecordEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  subscriberId: string;

  @ManyToOne(() => NewsletterSubscriberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscriber_id' })
  subscriber?: Relation<NewsletterSubscriberEntity>;

  /** Null for subscriber-wide events (erasure). */
  @Column('uuid', { nullable: true })
  listId: string | null;

  @ManyToOne(() => NewsletterListEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'list_id' })
  list?: Relation<NewsletterListEntity>;

  @Column('text')
  action: string;

  /** Status of the subscription before this event (growth counts only confirmed -> unsubscribed). */
  @Column('text', { nullable: true })
  previousStatus: string | null;

  @Column('text')
  channel: string;

  @Column('uuid', { nullable: true })
  consentTextId: string | null;

  @ManyToOne(() => NewsletterConsentTextEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'consent_text_id' })
  consentText?: Relation<NewsletterConsentTextEntity>;

  @Column('timestamptz')
  at: Date;

  @Column('text', { nullable: true })
  sourcePage: string | null;

  @Column('uuid', { nullable: true })
  sourceArticleId: string | null;

  @Column('text', { nullable: true })
  sourcePlacement: string | null;

  /** Keyed hash (HMAC) of the client address; blanked on erasure. */
  @Column('text', { nullable: true })
  ipHash: string | null;
}

/** A double opt-in token: random, stored as its SHA-256, single use, expires after 24 h. */
@Entity({ name: 'newsletter_confirmation_tokens' })
@Index('uq_newsletter_confirmation_tokens_token_hash', ['tokenHash'], { unique: true })
@Index('idx_newsletter_confirmation_tokens_subscriber_id_created_at', ['subscriberId', 'createdAt'])
export class NewsletterConfirmationTokenEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  tokenHash: string;

  @Column('uuid')
  subscriberId: string;

  @ManyToOne(() => NewsletterSubscriberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscriber_id' })
  subscriber?: Relation<NewsletterSubscriberEntity>;

  /** Lists this token confirms (signups within the mail interval join it). */
  @Column('uuid', { array: true })
  listIds: string[];

  @Column('uuid')
  consentTextId: string;

  @ManyToOne(() => NewsletterConsentTextEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'consent_text_id' })
  consentText?: Relation<NewsletterConsentTextEntity>;

  @Column('text', { nullable: true })
  sourcePage: string | null;

  @Column('uuid', { nullable: true })
  sourceArticleId: string | null;

  @Column('text', { nullable: true })
  sourcePlacement: string | null;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;
}

export const NEWSLETTER_ENTITIES = [
  NewsletterListEntity,
  NewsletterConsentTextEntity,
  NewsletterSubscriberEntity,
  NewsletterSubscriptionEntity,
  NewsletterConsentRecordEntity,
  NewsletterConfirmationTokenEntity,
];
