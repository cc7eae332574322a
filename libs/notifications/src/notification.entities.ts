import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { AccountEntity } from '#libs/identity';

const KINDS = `'review_requested','changes_requested','piece_approved','piece_scheduled','piece_published','piece_unpublished','schedule_failed','teaser_alert','licence_lapsing','piece_overdue','mentioned'`;

/**
 * One notification in one account's inbox. At most one per (source event, account): a
 * redelivered outbox message or a sweep that runs twice adds nothing, and mails nobody twice.
 */
@Entity({ name: 'notifications' })
@Check('ck_notifications_kind', `kind IN (${KINDS})`)
@Check('ck_notifications_delivery', `delivery IN ('inbox','mail','digest')`)
@Index('uq_notifications_event_key_account_id', ['eventKey', 'accountId'], { unique: true })
@Index('idx_notifications_account_id_created_at_id', ['accountId', 'createdAt', 'id'])
@Index('idx_notifications_unread', ['accountId'], { where: 'read_at IS NULL' })
@Index('idx_notifications_digest_pending', ['accountId'], { where: `delivery = 'digest' AND digested_at IS NULL` })
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<AccountEntity>;

  @Column('text')
  kind: string;

  /** The source event: an outbox message id, or a sweep's key (`overdue:<article>:<state>:<since>`). */
  @Column('text')
  eventKey: string;

  @Column('uuid', { nullable: true })
  articleId: string | null;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  body: string;

  /** Where in the desk it leads (a path under /desk). */
  @Column('text')
  link: string;

  /** How it was delivered besides the inbox, as the account's preference said when it was made. */
  @Column('text')
  delivery: string;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  readAt: Date | null;

  /** When the daily digest carried it (digest deliveries only). */
  @Column('timestamptz', { nullable: true })
  digestedAt: Date | null;
}

/** An account's choice for one kind; a kind without a row takes the role's default. */
@Entity({ name: 'notification_preferences' })
@Check('ck_notification_preferences_kind', `kind IN (${KINDS})`)
@Check('ck_notification_preferences_delivery', `delivery IN ('inbox','mail','digest','off')`)
export class NotificationPreferenceEntity {
  @PrimaryColumn('uuid')
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<AccountEntity>;

  @PrimaryColumn('text')
  kind: string;

  @Column('text')
  delivery: string;

  @Column('timestamptz')
  updatedAt: Date;
}

/** Per-account settings of this lib: the digest's time zone and the key signing unsubscribe links. */
@Entity({ name: 'notification_settings' })
export class NotificationSettingsEntity {
  @PrimaryColumn('uuid')
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<AccountEntity>;

  /** IANA zone of the daily digest; null: NOTIFY_DEFAULT_TIME_ZONE. */
  @Column('text', { nullable: true })
  timeZone: string | null;

  /** HMAC key of this account's unsubscribe tokens (never leaves the server). */
  @Column('text')
  unsubscribeKey: string;

  @Column('timestamptz')
  updatedAt: Date;
}

/** One row per account and local day a digest was sent: the exactly-once record. */
@Entity({ name: 'notification_digests' })
export class NotificationDigestEntity {
  @PrimaryColumn('uuid')
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<AccountEntity>;

  /** The recipient's local day. */
  @PrimaryColumn('date')
  day: string;

  @Column('int')
  items: number;

  @Column('timestamptz')
  sentAt: Date;
}

export const NOTIFICATION_ENTITIES = [NotificationEntity, NotificationPreferenceEntity, NotificationSettingsEntity, NotificationDigestEntity];
