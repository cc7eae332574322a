import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/**
 * A donation appeal run: when, where on the page, on which articles, how often. Targeting ids
 * point at sections, tags, types and articles owned by other libs (no foreign keys on purpose:
 * a deleted tag simply stops matching).
 */
@Entity({ name: 'donation_campaigns' })
@Check('ck_donation_campaigns_status', `status IN ('draft','active','paused','ended')`)
@Check('ck_donation_campaigns_placement', `placement IN ('after_body','inline_after_paragraph','top_bar','overlay')`)
@Check('ck_donation_campaigns_paragraph', `(placement = 'inline_after_paragraph' AND paragraph >= 1) OR (placement <> 'inline_after_paragraph' AND paragraph IS NULL)`)
@Check('ck_donation_campaigns_window', `ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at`)
@Check(
  'ck_donation_campaigns_frequency',
  `start_after_pageviews >= 0 AND every_nth_pageview >= 1 AND (max_per_day IS NULL OR max_per_day >= 1) AND (max_per_week IS NULL OR max_per_week >= 1)`,
)
@Index('idx_donation_campaigns_status_ends_at', ['status', 'endsAt'])
@Index('idx_donation_campaigns_created_at_id', ['createdAt', 'id'])
export class DonationCampaignEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** Moves only through actions (activate, pause, resume, end) or the end-of-window sweep. */
  @Column('text')
  status: string;

  /** Null: from activation. */
  @Column('timestamptz', { nullable: true })
  startsAt: Date | null;

  /** Null: until ended by hand. Past it the campaign counts as ended even before the sweep stores it. */
  @Column('timestamptz', { nullable: true })
  endsAt: Date | null;

  @Column('text')
  placement: string;

  /** For inline_after_paragraph: the 1-based paragraph the banner follows. */
  @Column('int', { nullable: true })
  paragraph: number | null;

  @Column('int', { default: 0 })
  priority: number;

  @Column('uuid', { array: true, default: () => "'{}'" })
  includeSectionIds: string[];

  @Column('uuid', { array: true, default: () => "'{}'" })
  excludeSectionIds: string[];

  @Column('uuid', { array: true, default: () => "'{}'" })
  includeTagIds: string[];

  @Column('uuid', { array: true, default: () => "'{}'" })
  excludeTagIds: string[];

  @Column('uuid', { array: true, default: () => "'{}'" })
  includeTypeIds: string[];

  @Column('uuid', { array: true, default: () => "'{}'" })
  excludeTypeIds: string[];

  @Column('uuid', { array: true, default: () => "'{}'" })
  includeArticleIds: string[];

  @Column('uuid', { array: true, default: () => "'{}'" })
  excludeArticleIds: string[];

  @Column('int', { default: 0 })
  startAfterPageviews: number;

  @Column('int', { default: 1 })
  everyNthPageview: number;

  @Column('int', { nullable: true })
  maxPerDay: number | null;

  @Column('int', { nullable: true })
  maxPerWeek: number | null;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  activatedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  endedAt: Date | null;
}

/** One A/B variant of a campaign's appeal. */
@Entity({ name: 'donation_campaign_variants' })
@Check('ck_donation_campaign_variants_weight', `weight >= 0 AND weight <= 10000`)
@Index('uq_donation_campaign_variants_campaign_id_name', ['campaignId', 'name'], { unique: true })
@Index('idx_donation_campaign_variants_campaign_id_created_at', ['campaignId', 'createdAt'])
export class DonationCampaignVariantEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  campaignId: string;

  @ManyToOne(() => DonationCampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Relation<DonationCampaignEntity>;

  /** Short label, e.g. "A", "B - shorter headline"; unique in the campaign. */
  @Column('text')
  name: string;

  /** Relative share of readers; 0 retires the variant without losing its numbers. */
  @Column('int')
  weight: number;

  @Column('text')
  headline: string;

  /** Sanitized on write (p, a, strong, em, br). */
  @Column('text')
  bodyHtml: string;

  @Column('text')
  ctaLabel: string;

  @Column('text')
  ctaUrl: string;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  updatedAt: Date;
}

/** The per-article "no appeals" switch for sensitive pieces. */
@Entity({ name: 'article_appeal_settings' })
export class ArticleAppealSettingEntity {
  @PrimaryColumn('uuid')
  articleId: string;

  @Column('boolean')
  noAppeals: boolean;

  @Column('timestamptz')
  updatedAt: Date;
}

/**
 * Every accepted event id, so a retried event is counted once. Kept 8 days (events older than
 * 7 days are refused), then swept.
 */
@Entity({ name: 'donation_banner_events' })
@Check('ck_donation_banner_events_type', `type IN ('impression','click','dismiss','conversion')`)
@Index('idx_donation_banner_events_at', ['at'])
export class DonationBannerEventEntity {
  @PrimaryColumn('uuid')
  eventId: string;

  @Column('text')
  type: string;

  @Column('uuid')
  campaignId: string;

  @Column('uuid')
  variantId: string;

  @Column('uuid', { nullable: true })
  articleId: string | null;

  @Column('timestamptz')
  at: Date;

  @Column('timestamptz')
  receivedAt: Date;
}

/** Event counters per campaign, variant, article (nil uuid: none) and UTC day. */
@Entity({ name: 'donation_banner_daily_counts' })
@Index('idx_donation_banner_daily_counts_campaign_id_day', ['campaignId', 'day'])
export class DonationBannerDailyCountEntity {
  @PrimaryColumn('uuid')
  campaignId: string;

  @PrimaryColumn('uuid')
  variantId: string;

  @PrimaryColumn('uuid')
  articleId: string;

  @PrimaryColumn('date')
  day: string;

  @ManyToOne(() => DonationCampaignVariantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'variant_id' })
  variant?: Relation<DonationCampaignVariantEntity>;

  @Column('bigint', { default: 0 })
  impressions: string;

  @Column('bigint', { default: 0 })
  clicks: string;

  @Column('bigint', { default: 0 })
  dismissals: string;

  @Column('bigint', { default: 0 })
  conversions: string;
}

export const DONATION_BANNER_ENTITIES = [
  DonationCampaignEntity,
  DonationCampaignVariantEntity,
  ArticleAppealSettingEntity,
  DonationBannerEventEntity,
  DonationBannerDailyCountEntity,
];
