/** Donation banners: the vocabulary (statuses, placements, targeting, frequency, choice types) the rules files share. */

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'ended'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const PLACEMENTS = ['after_body', 'inline_after_paragraph', 'top_bar', 'overlay'] as const;
export type Placement = (typeof PLACEMENTS)[number];

export const CAMPAIGN_ACTIONS = ['activate', 'pause', 'resume', 'end'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

export const EVENT_TYPES = ['impression', 'click', 'dismiss', 'conversion'] as const;
export type BannerEventType = (typeof EVENT_TYPES)[number];

/** Events per POST; a larger batch is refused whole. */
export const MAX_EVENTS_PER_BATCH = 50;
/** RULE: an event may be reported up to 7 days late and 10 minutes early (client clock skew). */
export const EVENT_MAX_AGE_MS = 7 * 86_400_000;
export const EVENT_MAX_SKEW_MS = 10 * 60_000;
/** Dedupe rows outlive the accepted lateness, so a retry of any acceptable event is still caught. */
export const EVENT_DEDUPE_RETENTION_MS = EVENT_MAX_AGE_MS + 86_400_000;
/** Counter rows of events without an article use this id (the primary key cannot hold NULL). */
export const NO_ARTICLE_ID = '00000000-0000-0000-0000-000000000000';

export const MAX_TARGET_IDS = 500;
export const MAX_WEIGHT = 10_000;

/** Which articles a campaign runs on. Empty include lists mean "every article". */
export interface Targeting {
  includeSectionIds: string[];
  excludeSectionIds: string[];
  includeTagIds: string[];
  excludeTagIds: string[];
  includeTypeIds: string[];
  excludeTypeIds: string[];
  includeArticleIds: string[];
  excludeArticleIds: string[];
}

export const EMPTY_TARGETING: Targeting = {
  includeSectionIds: [],
  excludeSectionIds: [],
  includeTagIds: [],
  excludeTagIds: [],
  includeTypeIds: [],
  excludeTypeIds: [],
  includeArticleIds: [],
  excludeArticleIds: [],
};

/** Shipped with the banner; the front-end applies them per reader (nothing is stored here). */
export interface FrequencyRules {
  /** Show only once the reader has seen more than this many pageviews. */
  startAfterPageviews: number;
  /** Then on every Nth pageview (1 = every pageview). */
  everyNthPageview: number;
  maxPerDay: number | null;
  maxPerWeek: number | null;
}

export const DEFAULT_FREQUENCY: FrequencyRules = { startAfterPageviews: 0, everyNthPageview: 1, maxPerDay: null, maxPerWeek: null };

/** A cap across every appeal of every campaign, shipped with each answer. */
export interface GlobalCap {
  maxPerDay: number;
  maxPerWeek: number;
}

/** What the article page knows about the article a banner would sit on. */
export interface BannerArticleContext {
  articleId: string;
  sectionId: string | null;
  typeId: string | null;
  tagIds: string[];
  /** The "no appeals" switch for sensitive pieces: no banner at all. */
  noAppeals: boolean;
}

export interface VariantForChoice {
  id: string;
  name: string;
  weight: number;
  headline: string;
  bodyHtml: string;
  ctaLabel: string;
  ctaUrl: string;
}

export interface CampaignForChoice {
  id: string;
  name: string;
  status: CampaignStatus;
  startsAt: Date | null;
  endsAt: Date | null;
  placement: Placement;
  paragraph: number | null;
  priority: number;
  targeting: Targeting;
  frequency: FrequencyRules;
  /** In a stable order (creation order): bucketing depends on it. */
  variants: VariantForChoice[];
}

export interface ChosenBanner {
  campaignId: string;
  campaignName: string;
  variantId: string;
  variantName: string;
  placement: Placement;
  paragraph: number | null;
  priority: number;
  headline: string;
  bodyHtml: string;
  ctaLabel: string;
  ctaUrl: string;
  frequency: FrequencyRules;
}

export const REJECT_REASONS = [
  'draft',
  'paused',
  'ended',
  'not_started',
  'placement_mismatch',
  'no_appeals',
  'no_article',
  'article_excluded',
  'section_excluded',
  'tag_excluded',
  'type_excluded',
  'article_not_targeted',
  'section_not_targeted',
  'tag_not_targeted',
  'type_not_targeted',
  'no_variants',
  'outranked',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface RejectedCampaign {
  campaignId: string;
  campaignName: string;
  reasons: RejectReason[];
}

export interface BannerChoice {
  placement: Placement;
  banner: ChosenBanner | null;
  /** Every other campaign and why it was not chosen. */
  rejected: RejectedCampaign[];
}
