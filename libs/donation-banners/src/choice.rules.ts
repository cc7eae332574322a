/** Donation banners: which variant a reader sees, and which campaign is chosen for a page (pure). */
import { hash } from 'node:crypto';
import { effectiveStatus } from './campaign.rules.js';
import {
  type BannerArticleContext,
  type BannerChoice,
  type CampaignForChoice,
  type ChosenBanner,
  type Placement,
  type RejectReason,
  type RejectedCampaign,
  type Targeting,
  type VariantForChoice,
} from './donation-banners.rules.js';

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
export const campaignEligible = (c: CampaignForChoice, ctx: BannerArticleContext | null, placement: Placement, now: Date): boolean => checkCampaign(c, ctx, placement, now, null);

/** RULE: the eligible campaign with the highest priority wins; then the latest start; then the id. */
const byPrecedence = (a: CampaignForChoice, b: CampaignForChoice): number =>
  b.priority - a.priority || (b.startsAt?.getTime() ?? 0) - (a.startsAt?.getTime() ?? 0) || a.id.localeCompare(b.id);

/**
 * The banner one reader gets on one article at one placement, and why every other campaign
 * was not chosen. Pure: same inputs, same answer.
 */
export function chooseBanner(campaigns: readonly CampaignForChoice[], ctx: BannerArticleContext | null, placement: Placement, now: Date, readerId: string): BannerChoice {
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
