import { ARTICLE_CORRECTED_TOPIC } from '#libs/articles';
import type { OutboxEvents, OutboxTopic } from '#libs/outbox';

/** RULE: a page holds at most this many pins (the ones beyond the teaser count are backups). */
export const MAX_PINS = 6;
/** The related-stories box shows three cards. */
export const DEFAULT_TEASER_COUNT = 3;
export const MAX_TEASER_COUNT = 12;
/** RULE: a teaser excerpt is the target's first two paragraphs, cut at ~400 characters. */
export const TEASER_EXCERPT_MAX = 400;
export const TEASER_EXCERPT_PARAGRAPHS = 2;
export const HEADLINE_OVERRIDE_MAX = 300;
export const EXCERPT_OVERRIDE_MAX = 1000;

export const ALERT_REASONS = ['unpublished', 'retracted', 'archived'] as const;
export type AlertReason = (typeof ALERT_REASONS)[number];

/** The image of a teaser card, with its own credit line. */
export interface TeaserImage {
  url: string;
  alt: string | null;
  width: number | null;
  height: number | null;
  caption: string | null;
  creditLine: string | null;
  /** The image's renditions and crops as the page's top image lists them (see libs/image-credits). */
  renditions: unknown[];
  crops: unknown[];
}

/** A related-story card: a projection of another published article. */
export interface Teaser {
  articleId: string;
  slug: string;
  url: string;
  section: { slug: string; name: string };
  headline: string;
  excerpt: string;
  topImage: TeaserImage | null;
  /** True when an editor pinned it (overrides may apply); false when filled automatically. */
  pinned: boolean;
}

/** What the teaser query reads about one live article. */
export interface TeaserCandidate {
  articleId: string;
  slug: string;
  headline: string;
  /** The start of the body text (paragraphs separated by blank lines). */
  bodyText: string;
  sectionId: string;
  tagIds: string[];
  publishedAt: Date;
  section: { slug: string; name: string } | null;
  topImage: Record<string, unknown> | null;
  retracted: boolean;
}

/** The page the teasers are for: what the automatic fill compares against. */
export interface TeaserSubject {
  articleId: string;
  tagIds: string[];
  sectionId: string | null;
}

export interface PinOverrides {
  headlineOverride: string | null;
  excerptOverride: string | null;
}

/**
 * RULE: the teaser excerpt is the first two paragraphs; past ~`max` characters it is cut at
 * the last word boundary and ends with an ellipsis.
 */
export function teaserExcerpt(bodyText: string, max = TEASER_EXCERPT_MAX): string {
  const paragraphs = bodyText
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .slice(0, TEASER_EXCERPT_PARAGRAPHS);
  const text = paragraphs.join('\n\n');
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const boundary = cut.search(/\s\S*$/);
  // a single overlong word: cut inside it rather than return nothing
  const head = (boundary > max * 0.5 ? cut.slice(0, boundary) : text.slice(0, max)).replace(/[\s,;:.–—-]+$/u, '');
  return `${head}…`;
}

export function sharedTagCount(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const set = new Set(a);
  return new Set(b.filter((t) => set.has(t))).size;
}

/**
 * RULE: the automatic fill ranks by most shared tags, then same section, then recency
 * (newest first); the article id breaks exact ties so the order is stable.
 */
export function compareCandidates(subject: TeaserSubject): (a: TeaserCandidate, b: TeaserCandidate) => number {
  return (a, b) =>
    sharedTagCount(subject.tagIds, b.tagIds) - sharedTagCount(subject.tagIds, a.tagIds) ||
    Number(b.sectionId === subject.sectionId) - Number(a.sectionId === subject.sectionId) ||
    b.publishedAt.getTime() - a.publishedAt.getTime() ||
    (a.articleId < b.articleId ? 1 : a.articleId > b.articleId ? -1 : 0);
}

/**
 * RULE: the automatic fill never shows the page itself, a piece already shown (pinned or
 * listed twice), or a retracted piece; the rest in ranking order.
 */
export function rankFill(subject: TeaserSubject, candidates: readonly TeaserCandidate[], exclude: Iterable<string> = []): TeaserCandidate[] {
  const seen = new Set<string>([subject.articleId, ...exclude]);
  const unique: TeaserCandidate[] = [];
  for (const c of candidates) {
    if (seen.has(c.articleId) || c.retracted) continue;
    seen.add(c.articleId);
    unique.push(c);
  }
  return unique.sort(compareCandidates(subject));
}

/**
 * RULE: pinned teasers come first, in pin order, skipping targets that are not live (absent)
 * or retracted, the page itself and repeats; then the ranked fill up to `count`.
 */
export function chooseTeasers<P extends { target: TeaserCandidate | null }>(
  subject: TeaserSubject,
  pins: readonly P[],
  fill: readonly TeaserCandidate[],
  count: number,
): { pinned: (P & { target: TeaserCandidate })[]; filled: TeaserCandidate[] } {
  const seen = new Set<string>([subject.articleId]);
  const pinned: (P & { target: TeaserCandidate })[] = [];
  for (const p of pins) {
    if (pinned.length >= count) break;
    if (!p.target || p.target.retracted || seen.has(p.target.articleId)) continue;
    seen.add(p.target.articleId);
    pinned.push(p as P & { target: TeaserCandidate });
  }
  const filled = rankFill(subject, fill, seen).slice(0, Math.max(0, count - pinned.length));
  return { pinned, filled };
}

/** The card image as the page's top image shows it (only the fields a card needs). */
export function teaserImageOf(view: Record<string, unknown> | null | undefined): TeaserImage | null {
  if (!view || typeof view.url !== 'string') return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);
  return {
    url: view.url,
    alt: str(view.alt),
    width: num(view.width),
    height: num(view.height),
    caption: str(view.caption),
    creditLine: str(view.creditLine),
    renditions: list(view.renditions),
    crops: list(view.crops),
  };
}

/** RULE: an override replaces its field only; everything else is the target's own. */
export function projectTeaser(c: TeaserCandidate, publicBaseUrl: string, pin?: { overrides: PinOverrides; image: TeaserImage | null } | null): Teaser {
  return {
    articleId: c.articleId,
    slug: c.slug,
    url: `${publicBaseUrl.replace(/\/+$/, '')}/${c.slug}`,
    section: c.section ? { slug: c.section.slug, name: c.section.name } : { slug: '', name: '' },
    headline: pin?.overrides.headlineOverride ?? c.headline,
    excerpt: pin?.overrides.excerptOverride ?? teaserExcerpt(c.bodyText),
    topImage: pin?.image ?? teaserImageOf(c.topImage),
    pinned: !!pin,
  };
}

export interface PinProblem {
  code: 'TEASER_TOO_MANY_PINS' | 'TEASER_SELF' | 'TEASER_DUPLICATE_PIN';
  field: string;
  message: string;
}

/** RULE: at most MAX_PINS pins, none pointing at the page itself, no target twice. */
export function pinProblem(articleId: string, targetIds: readonly string[]): PinProblem | null {
  if (targetIds.length > MAX_PINS) return { code: 'TEASER_TOO_MANY_PINS', field: 'pins', message: `at most ${MAX_PINS} pins` };
  const seen = new Set<string>();
  for (const [i, raw] of targetIds.entries()) {
    const id = raw.toLowerCase();
    if (id === articleId.toLowerCase()) return { code: 'TEASER_SELF', field: `pins[${i}].targetArticleId`, message: 'a page cannot tease itself' };
    if (seen.has(id)) return { code: 'TEASER_DUPLICATE_PIN', field: `pins[${i}].targetArticleId`, message: 'pinned twice' };
    seen.add(id);
  }
  return null;
}

/**
 * RULE: which article events make pinned teasers drop out: unpublish, a retraction, archive.
 * Returns the alert reason and the target, or null for events that change nothing.
 */
export function alertFor(event: TeaserAlertSource): { targetArticleId: string; reason: AlertReason } | null {
  const targetArticleId = event.payload.articleId;
  switch (event.topic) {
    case ARTICLE_UNPUBLISHED:
      return { targetArticleId, reason: 'unpublished' };
    case ARTICLE_CORRECTED_TOPIC:
      return event.payload.kind === 'retraction' ? { targetArticleId, reason: 'retracted' } : null;
    case ARTICLE_TRANSITIONED:
      return event.payload.to === 'archived' ? { targetArticleId, reason: 'archived' } : null;
  }
}

// emitted by editorial-workflow, a lib above this one: named by their catalogue keys
const ARTICLE_UNPUBLISHED = 'article.unpublished' satisfies OutboxTopic;
const ARTICLE_TRANSITIONED = 'article.transitioned' satisfies OutboxTopic;

/** Article events that make pinned teasers drop out. */
export const TEASER_ALERT_TOPICS = [ARTICLE_UNPUBLISHED, ARTICLE_CORRECTED_TOPIC, ARTICLE_TRANSITIONED] as const;
export type TeaserAlertTopic = (typeof TEASER_ALERT_TOPICS)[number];
/** One of those events: its topic and payload. */
export type TeaserAlertSource = { [K in TeaserAlertTopic]: { topic: K; payload: OutboxEvents[K] } }[TeaserAlertTopic];

/** RULE: the teaser count a caller asks for is clamped to 0..MAX_TEASER_COUNT. */
export const clampTeaserCount = (count: number | undefined): number =>
  Math.min(MAX_TEASER_COUNT, Math.max(0, Math.trunc(Number.isFinite(count) ? (count as number) : DEFAULT_TEASER_COUNT)));
