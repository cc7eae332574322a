import { hash } from 'node:crypto';
import sanitizeHtml from 'sanitize-html';
import { DomainError, webUrl, type ErrorDetail } from '#libs/kernel';
import { BannerErrorCode } from './donation-banners.errors.js';

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

// ---------------------------------------------------------------------------------------------
// Status

/** RULE: an active or paused campaign whose end has passed is ended, whether or not a sweep has stored it. */
export function effectiveStatus(c: { status: CampaignStatus; endsAt: Date | null }, now: Date): CampaignStatus {
  if ((c.status === 'active' || c.status === 'paused') && c.endsAt && c.endsAt.getTime() <= now.getTime()) return 'ended';
  return c.status;
}

const TRANSITIONS: Record<CampaignAction, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  activate: { from: ['draft'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  end: { from: ['active', 'paused'], to: 'ended' },
};

/**
 * RULE: the campaign state machine. `current` is the effective status (a campaign past its end
 * is ended). Activating needs a variant with weight > 0 and an end still ahead.
 */
export function nextStatus(
  current: CampaignStatus,
  action: CampaignAction,
  guard: { liveVariants: number; endsAt: Date | null; now: Date },
): CampaignStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(current)) {
    throw new DomainError('conflict', BannerErrorCode.TransitionNotAllowed, `A ${current} campaign cannot be asked to ${action}.`, [], {
      status: current,
      action,
    });
  }
  if (t.to === 'active') {
    if (guard.endsAt && guard.endsAt.getTime() <= guard.now.getTime()) {
      throw new DomainError('conflict', BannerErrorCode.WindowPassed, 'The campaign end has passed; move it before activating.');
    }
    if (action === 'activate' && guard.liveVariants === 0) {
      throw new DomainError('conflict', BannerErrorCode.NoVariants, 'The campaign needs at least one variant with a weight above 0.');
    }
  }
  return t.to;
}

// ---------------------------------------------------------------------------------------------
// Field rules

export interface CampaignFields {
  name: string;
  startsAt: Date | null;
  endsAt: Date | null;
  placement: Placement;
  paragraph: number | null;
  priority: number;
  targeting: Targeting;
  frequency: FrequencyRules;
}

const TARGETING_PAIRS: [keyof Targeting, keyof Targeting][] = [
  ['includeSectionIds', 'excludeSectionIds'],
  ['includeTagIds', 'excludeTagIds'],
  ['includeTypeIds', 'excludeTypeIds'],
  ['includeArticleIds', 'excludeArticleIds'],
];

/** RULE: what makes a campaign's fields coherent; an empty list means valid. */
export function campaignProblems(c: CampaignFields): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (!c.name.trim()) out.push({ field: 'name', code: 'empty', message: 'name must not be blank' });
  if (c.startsAt && c.endsAt && c.endsAt.getTime() <= c.startsAt.getTime()) {
    out.push({ field: 'endsAt', code: 'endBeforeStart', message: 'endsAt must be after startsAt' });
  }
  if (c.placement === 'inline_after_paragraph') {
    if (c.paragraph === null || !Number.isInteger(c.paragraph) || c.paragraph < 1) {
      out.push({ field: 'paragraph', code: 'paragraphRequired', message: 'inline_after_paragraph needs paragraph >= 1' });
    }
  } else if (c.paragraph !== null) {
    out.push({ field: 'paragraph', code: 'paragraphNotAllowed', message: 'paragraph is only for inline_after_paragraph' });
  }
  const f = c.frequency;
  if (f.startAfterPageviews < 0) out.push({ field: 'frequency.startAfterPageviews', code: 'min', message: 'must be >= 0' });
  if (f.everyNthPageview < 1) out.push({ field: 'frequency.everyNthPageview', code: 'min', message: 'must be >= 1' });
  if (f.maxPerDay !== null && f.maxPerDay < 1) out.push({ field: 'frequency.maxPerDay', code: 'min', message: 'must be >= 1 or null' });
  if (f.maxPerWeek !== null && f.maxPerWeek < 1) out.push({ field: 'frequency.maxPerWeek', code: 'min', message: 'must be >= 1 or null' });
  if (f.maxPerDay !== null && f.maxPerWeek !== null && f.maxPerWeek < f.maxPerDay) {
    out.push({ field: 'frequency.maxPerWeek', code: 'belowDaily', message: 'maxPerWeek must be >= maxPerDay' });
  }
  for (const [inc, exc] of TARGETING_PAIRS) {
    const excluded = new Set(c.targeting[exc]);
    const both = c.targeting[inc].filter((id) => excluded.has(id));
    if (both.length) out.push({ field: `targeting.${inc}`, code: 'includedAndExcluded', message: `both included and excluded: ${both.join(', ')}` });
  }
  return out;
}

/** Lower-cased, de-duplicated ids (the order is kept). */
export function normalizeTargeting(t: Partial<Targeting>): Targeting {
  const norm = (ids: string[] | undefined) => [...new Set((ids ?? []).map((id) => id.toLowerCase()))];
  return {
    includeSectionIds: norm(t.includeSectionIds),
    excludeSectionIds: norm(t.excludeSectionIds),
    includeTagIds: norm(t.includeTagIds),
    excludeTagIds: norm(t.excludeTagIds),
    includeTypeIds: norm(t.includeTypeIds),
    excludeTypeIds: norm(t.excludeTypeIds),
    includeArticleIds: norm(t.includeArticleIds),
    excludeArticleIds: norm(t.excludeArticleIds),
  };
}

/** RULE: call-to-action links are absolute http(s) URLs only (no javascript:, data:, relative). */
export function isHttpUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * RULE: banner bodies keep only p, a (http, https or mailto href), strong, em and br; anything
 * else is dropped (script and style with their content).
 */
export function sanitizeBannerHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ['p', 'a', 'strong', 'em', 'br'],
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
  }).trim();
}

export interface VariantFields {
  name: string;
  weight: number;
  headline: string;
  bodyHtml: string;
  ctaLabel: string;
  ctaUrl: string;
}

export function variantProblems(v: VariantFields): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (!v.name.trim()) out.push({ field: 'name', code: 'empty', message: 'name must not be blank' });
  if (!v.headline.trim()) out.push({ field: 'headline', code: 'empty', message: 'headline must not be blank' });
  if (!v.ctaLabel.trim()) out.push({ field: 'ctaLabel', code: 'empty', message: 'ctaLabel must not be blank' });
  if (!Number.isInteger(v.weight) || v.weight < 0 || v.weight > MAX_WEIGHT) {
    out.push({ field: 'weight', code: 'range', message: `weight must be an integer from 0 to ${MAX_WEIGHT}` });
  }
  const cta = webUrl(v.ctaUrl);
  if ('problem' in cta) out.push({ field: 'ctaUrl', code: cta.problem === 'credentials' ? cta.code : 'httpUrl', message: `ctaUrl ${cta.problem === 'credentials' ? cta.message : 'must be an absolute http or https URL'}` });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Variant assignment

/**
 * RULE: a reader's bucket in a campaign: SHA-256 of (campaign id, reader id), first 8 bytes,
 * scaled to [0, 1). Deterministic and uniform, so nothing about the reader is stored.
 */
export function readerBucket(campaignId: string, readerId: string): number {
  const digest = hash('sha256', `${campaignId}\u0000${readerId}`, 'buffer');
  // the top 53 bits of the first 64 (exactly representable as a double), without a BigInt: the
  // first 32 bits, then the next 21
  return (digest.readUInt32BE(0) * 2 ** 21 + (digest.readUInt32BE(4) >>> 11)) / 2 ** 53;
}

/** RULE: the variant whose cumulative weight range holds the reader's bucket; weight 0 never wins. */
export function assignVariant<V extends { weight: number }>(campaignId: string, readerId: string, variants: readonly V[]): V | null {
  let total = 0;
  for (const v of variants) if (v.weight > 0) total += v.weight;
  if (total === 0) return null;
  const point = readerBucket(campaignId, readerId) * total;
  let acc = 0;
  let last: V | null = null;
  for (const v of variants) {
    if (v.weight <= 0) continue;
    acc += v.weight;
    last = v;
    if (point < acc) return v;
  }
  return last;
}

// ---------------------------------------------------------------------------------------------
// Choice

/** Whether a targeting list holds any of the article's tags (lists are stored lower-cased). */
const hasAnyTag = (list: readonly string[], tagIds: readonly string[]): boolean => {
  if (!list.length) return false;
  for (const id of tagIds) if (list.includes(id.toLowerCase())) return true;
  return false;
};

/** Records a reason when reasons are collected; always false (the check failed). */
const note = (out: RejectReason[] | null, reason: RejectReason): false => {
  out?.push(reason);
  return false;
};

/**
 * One implementation for both callers of a rule (checkTargeting, checkCampaign): with `out`,
 * every reason is collected (the preview shows them all); with `out` null, nothing is allocated
 * and the answer is only whether there is none (the page view asks that four times per request).
 * Returns true when there is none.
 */
function checkTargeting(t: Targeting, ctx: BannerArticleContext | null, out: RejectReason[] | null): boolean {
  const dimensionIncludes = t.includeSectionIds.length + t.includeTagIds.length + t.includeTypeIds.length > 0;
  const anyInclude = dimensionIncludes || t.includeArticleIds.length > 0;
  if (!ctx) return anyInclude ? note(out, 'no_article') : true;
  let ok = true;
  const article = ctx.articleId.toLowerCase();
  const section = ctx.sectionId?.toLowerCase() ?? null;
  const type = ctx.typeId?.toLowerCase() ?? null;
  if (t.excludeArticleIds.includes(article)) ok = note(out, 'article_excluded');
  if (section && t.excludeSectionIds.includes(section)) ok = note(out, 'section_excluded');
  if (hasAnyTag(t.excludeTagIds, ctx.tagIds)) ok = note(out, 'tag_excluded');
  if (type && t.excludeTypeIds.includes(type)) ok = note(out, 'type_excluded');
  if (t.includeArticleIds.includes(article)) return ok;
  if (!dimensionIncludes) return t.includeArticleIds.length ? note(out, 'article_not_targeted') : ok;
  // every dimension that lists ids must match
  if (t.includeSectionIds.length && !(section && t.includeSectionIds.includes(section))) ok = note(out, 'section_not_targeted');
  if (t.includeTagIds.length && !hasAnyTag(t.includeTagIds, ctx.tagIds)) ok = note(out, 'tag_not_targeted');
  if (t.includeTypeIds.length && !(type && t.includeTypeIds.includes(type))) ok = note(out, 'type_not_targeted');
  return ok;
}

function checkCampaign(c: CampaignForChoice, ctx: BannerArticleContext | null, placement: Placement, now: Date, out: RejectReason[] | null): boolean {
  let ok = true;
  const status = effectiveStatus(c, now);
  if (status !== 'active') ok = note(out, status);
  else if (c.startsAt && c.startsAt.getTime() > now.getTime()) ok = note(out, 'not_started');
  if (c.placement !== placement) ok = note(out, 'placement_mismatch');
  if (ctx?.noAppeals) ok = note(out, 'no_appeals');
  if (!ok && !out) return false;
  if (!checkTargeting(c.targeting, ctx, out)) ok = false;
  if (!c.variants.some((v) => v.weight > 0)) ok = note(out, 'no_variants');
  return ok;
}

/** RULE: targeting. Exclusions always win; an explicitly included article skips the other includes. */
export function targetingReasons(t: Targeting, ctx: BannerArticleContext | null): RejectReason[] {
  const out: RejectReason[] = [];
  checkTargeting(t, ctx, out);
  return out;
}

/** Why a campaign cannot show on this article at this placement now (empty: it can). */
export function campaignReasons(c: CampaignForChoice, ctx: BannerArticleContext | null, placement: Placement, now: Date): RejectReason[] {
  const out: RejectReason[] = [];
  checkCampaign(c, ctx, placement, now, out);
  return out;
}

/** Whether a campaign can show on this article at this placement now: `campaignReasons` is empty. */
export const campaignEligible = (c: CampaignForChoice, ctx: BannerArticleContext | null, placement: Placement, now: Date): boolean =>
  checkCampaign(c, ctx, placement, now, null);

/** RULE: the eligible campaign with the highest priority wins; then the latest start; then the id. */
const byPrecedence = (a: CampaignForChoice, b: CampaignForChoice): number =>
  b.priority - a.priority || (b.startsAt?.getTime() ?? 0) - (a.startsAt?.getTime() ?? 0) || a.id.localeCompare(b.id);

/**
 * The banner one reader gets on one article at one placement, and why every other campaign
 * was not chosen. Pure: same inputs, same answer.
 */
export function chooseBanner(
  campaigns: readonly CampaignForChoice[],
  ctx: BannerArticleContext | null,
  placement: Placement,
  now: Date,
  readerId: string,
): BannerChoice {
  const rejected: RejectedCampaign[] = [];
  const eligible: CampaignForChoice[] = [];
  for (const c of campaigns) {
    const reasons = campaignReasons(c, ctx, placement, now);
    if (reasons.length) rejected.push({ campaignId: c.id, campaignName: c.name, reasons });
    else eligible.push(c);
  }
  eligible.sort(byPrecedence);
  const [winner, ...outranked] = eligible;
  for (const c of outranked) rejected.push({ campaignId: c.id, campaignName: c.name, reasons: ['outranked'] });
  if (!winner) return { placement, banner: null, rejected };
  const v = assignVariant(winner.id, readerId, winner.variants)!;
  return { placement, rejected, banner: chosenBanner(winner, v) };
}

/**
 * The banner `chooseBanner` picks, without the reasons for the campaigns it passes over: what the
 * content path runs on every page view, four placements at a time. Same rule, same object: a
 * campaign for another placement is passed at once (a placement mismatch is a reason), any other
 * asked `campaignEligible` (the same check, allocating nothing), and the winner is the first by
 * precedence.
 */
export function pickBanner(
  campaigns: readonly CampaignForChoice[],
  ctx: BannerArticleContext | null,
  placement: Placement,
  now: Date,
  readerId: string,
): Readonly<ChosenBanner> | null {
  let winner: CampaignForChoice | undefined;
  for (const c of campaigns) {
    if (c.placement !== placement || !campaignEligible(c, ctx, placement, now)) continue;
    if (!winner || byPrecedence(c, winner) < 0) winner = c;
  }
  return winner ? chosenBanner(winner, assignVariant(winner.id, readerId, winner.variants)!) : null;
}

const chosen = new WeakMap<CampaignForChoice, WeakMap<VariantForChoice, Readonly<ChosenBanner>>>();

/**
 * The banner a campaign's variant shows: one frozen object per (campaign, variant) for as long as
 * they live, so a caller can memoize what it derives from a choice by the objects' identity (a
 * changed campaign is a new object).
 */
function chosenBanner(winner: CampaignForChoice, v: VariantForChoice): Readonly<ChosenBanner> {
  let byVariant = chosen.get(winner);
  if (!byVariant) chosen.set(winner, (byVariant = new WeakMap()));
  let b = byVariant.get(v);
  if (!b) {
    b = Object.freeze({
      campaignId: winner.id,
      campaignName: winner.name,
      variantId: v.id,
      variantName: v.name,
      placement: winner.placement,
      paragraph: winner.paragraph,
      priority: winner.priority,
      headline: v.headline,
      bodyHtml: v.bodyHtml,
      ctaLabel: v.ctaLabel,
      ctaUrl: v.ctaUrl,
      frequency: winner.frequency,
    });
    byVariant.set(v, b);
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// Reports

const Z95 = 1.959963984540054;

/**
 * RULE: the Wilson score interval (95 %) for a click-through rate: honest for small counts and
 * rates near 0, unlike the normal approximation. Clicks above impressions are capped.
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): { rate: number; low: number; high: number } | null {
  if (trials <= 0) return null;
  const k = Math.min(Math.max(successes, 0), trials);
  const p = k / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  // the bounds are exactly 0 and 1 at the extremes (floating point would leave ~1e-17)
  return { rate: p, low: k === 0 ? 0 : Math.max(0, center - half), high: k === trials ? 1 : Math.min(1, center + half) };
}

export interface ReportTotals {
  impressions: number;
  clicks: number;
  dismissals: number;
  conversions: number;
}

/** One byline of an article: who is credited. */
export interface BannerByline {
  articleId: string;
  contributorId: string;
  name: string;
}

/**
 * RULE: a campaign's counts attributed to the articles' bylines: each contributor gets the full
 * totals of every article crediting them; most conversions first (then clicks, impressions,
 * contributor id), at most `limit` rows.
 */
export function attributeToBylines(
  perArticle: readonly (ReportTotals & { articleId: string })[],
  bylines: readonly BannerByline[],
  limit: number,
): (ReportTotals & { contributorId: string; name: string })[] {
  const byArticle = new Map(perArticle.map((r) => [r.articleId, r]));
  const out = new Map<string, ReportTotals & { contributorId: string; name: string }>();
  for (const b of bylines) {
    const t = byArticle.get(b.articleId);
    if (!t) continue;
    const row = out.get(b.contributorId) ?? { contributorId: b.contributorId, name: b.name, impressions: 0, clicks: 0, dismissals: 0, conversions: 0 };
    row.impressions += t.impressions;
    row.clicks += t.clicks;
    row.dismissals += t.dismissals;
    row.conversions += t.conversions;
    out.set(b.contributorId, row);
  }
  return [...out.values()]
    .sort((x, y) => y.conversions - x.conversions || y.clicks - x.clicks || y.impressions - x.impressions || (x.contributorId < y.contributorId ? -1 : x.contributorId > y.contributorId ? 1 : 0))
    .slice(0, limit);
}

/** The UTC calendar day an event counts on. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** RULE: when an event may happen: not older than 7 days, not more than 10 minutes ahead. */
export const eventTimeAcceptable = (at: Date, now: Date): boolean =>
  at.getTime() >= now.getTime() - EVENT_MAX_AGE_MS && at.getTime() <= now.getTime() + EVENT_MAX_SKEW_MS;
