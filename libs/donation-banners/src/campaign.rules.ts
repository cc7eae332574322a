/** Donation banners: campaign status and the rules on campaign and variant fields (pure). */
import sanitizeHtml from 'sanitize-html';
import { DomainError, webUrl, type ErrorDetail } from '#libs/kernel';
import { BannerErrorCode } from './donation-banners.errors.js';
import { type CampaignAction, type CampaignStatus, type FrequencyRules, MAX_WEIGHT, type Placement, type Targeting } from './donation-banners.rules.js';

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
export function nextStatus(current: CampaignStatus, action: CampaignAction, guard: { liveVariants: number; endsAt: Date | null; now: Date }): CampaignStatus {
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
  if ('problem' in cta)
    out.push({
      field: 'ctaUrl',
      code: cta.problem === 'credentials' ? cta.code : 'httpUrl',
      message: `ctaUrl ${cta.problem === 'credentials' ? cta.message : 'must be an absolute http or https URL'}`,
    });
  return out;
}
