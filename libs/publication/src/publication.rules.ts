/** Pure rules of the read model: no I/O, no framework. */
import { articleAddress } from '#libs/articles';

/** RULE: a piece carrying a correction of kind `retraction` is retracted (teasers never point at it). */
export const isRetracted = (corrections: readonly { kind: string }[]): boolean => corrections.some((c) => c.kind === 'retraction');

/** The dates a page carries. */
export interface PublicationTimes {
  publishedAt: Date;
  updatedAt: Date;
  /** The last republish an editor marked as a substantive update (null: none). */
  substantiveUpdateAt: Date | null;
}

/**
 * RULE: a piece's publication date is its first publication, whatever happened since (a
 * republish with changes, a take-down and a publish again): lists, feeds, the news sitemap and
 * search's recent window go by it, so a typo fix never makes an old piece new. The publish
 * happening `now` is the page's update.
 */
export const publicationTimes = (firstPublishedAt: Date | null, now: Date, update: { substantive?: boolean; previous?: Date | null } = {}): PublicationTimes => {
  const publishedAt = firstPublishedAt && firstPublishedAt <= now ? firstPublishedAt : now;
  // a substantive update is a republish marked so: it shows as an update, the publication stays
  const substantiveUpdateAt = update.substantive && publishedAt < now ? now : (update.previous ?? null);
  return { publishedAt, updatedAt: now, substantiveUpdateAt };
};

/** What the key rules read from a page (its JSON as stored). */
export interface KeyedPage {
  slug?: string;
  section?: { slug: string } | null;
  type?: { slug: string } | null;
  tags?: readonly { slug: string }[];
  bylines?: readonly { slug: string }[];
}

/**
 * RULE: the CDN Surrogate-Keys an article page answers to, besides its teaser targets: the
 * piece, its section, its tags and its bylines (so renaming any of them purges the page).
 */
export const articlePageKeys = (articleId: string, page: KeyedPage): string[] => [
  `article-${articleId}`,
  ...(page.section ? [`section-${page.section.slug}`] : []),
  ...(page.tags ?? []).map((t) => `tag-${t.slug}`),
  ...(page.bylines ?? []).map((b) => `contributor-${b.slug}`),
];

/**
 * RULE: a change of a live piece purges its page's keys, its slug's (the 404 or 301 a CDN may
 * hold for that URL from before), its type's, and 'home' (every list).
 */
export const changedPieceKeys = (articleId: string, page: KeyedPage): string[] => {
  const [own, ...rest] = articlePageKeys(articleId, page);
  const section = page.section ? [rest.shift()!] : [];
  return [own!, ...(page.slug ? [slugKey(page.slug)] : []), ...section, ...(page.type ? [`type-${page.type.slug}`] : []), ...rest, 'home'];
};

/** The key of an article URL whatever answers there (a page, a 301 from an old slug, a 404). */
export const slugKey = (slug: string): string => `slug-${slug}`;

/** The key of every article page's newsletter box (purged when the lists or the consent text change). */
export const NEWSLETTER_BOX_KEY = 'newsletter-box';
/** The key of every article page's donation banners (purged when a campaign or its variants change). */
export const DONATION_BANNERS_KEY = 'donation-banners';

/**
 * RULE: what a change elsewhere purges of the article pages: the lists or the consent text, every
 * page's newsletter box; a campaign, every page's banners; one article's "no appeals" switch,
 * that page.
 */
export const sharedPartKeys = (change: { newsletter?: boolean; campaignId?: string; articleId?: string }): string[] => {
  if (change.newsletter) return [NEWSLETTER_BOX_KEY];
  if (change.articleId) return [`article-${change.articleId}`];
  return [DONATION_BANNERS_KEY];
};

/** At most this many months in a window's month filter; a sparser archive ranks by time alone. */
export const MAX_WINDOW_MONTHS = 120;

/**
 * RULE: the month lexemes of a search window, as a tsquery that any of them satisfies: every UTC
 * month from the window's start to the month after its newest piece (a piece published since
 * the window was computed may be in the next month), as the trigger writes them
 * ('~m:2026-11'). Null when the window spans more than MAX_WINDOW_MONTHS months (the filter would
 * be longer than it saves) or ends before it starts.
 */
export function windowMonthsQuery(since: Date, newest: Date): string | null {
  let y = since.getUTCFullYear();
  let m = since.getUTCMonth();
  const endY = newest.getUTCMonth() === 11 ? newest.getUTCFullYear() + 1 : newest.getUTCFullYear();
  const endM = (newest.getUTCMonth() + 1) % 12;
  const months: string[] = [];
  while (y < endY || (y === endY && m <= endM)) {
    if (months.length === MAX_WINDOW_MONTHS) return null;
    months.push(`'~m:${y}-${String(m + 1).padStart(2, '0')}'`);
    if (++m === 12) {
      m = 0;
      y++;
    }
  }
  return months.length ? months.join(' | ') : null;
}

/** The members of a list card a caller may ask for (`fields=`); `articleId` always comes. */
export const CARD_FIELDS = ['slug', 'headline', 'dek', 'kicker', 'section', 'type', 'bylines', 'tags', 'excerpt', 'topImage', 'publishedAt', 'updatedAt'] as const;
export type CardField = (typeof CARD_FIELDS)[number];

/** RULE: a card cut to the fields asked for, in the card's own order, its `articleId` always kept (null: the whole card). */
export function selectCardFields<T extends { articleId: string }>(card: T, fields: readonly CardField[] | null | undefined): Partial<T> & { articleId: string } {
  if (!fields?.length) return card;
  const out: Record<string, unknown> = { articleId: card.articleId };
  for (const f of CARD_FIELDS) if (fields.includes(f) && f in card) out[f] = (card as Record<string, unknown>)[f];
  return out as Partial<T> & { articleId: string };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RULE: `exclude=` names pieces by id or by slug; split into the two (ids lower-cased). */
export const splitExclusions = (refs: readonly string[] | null | undefined): { ids: string[]; slugs: string[] } => ({
  ids: [...new Set((refs ?? []).filter((r) => UUID_RE.test(r)).map((r) => r.toLowerCase()))],
  slugs: [...new Set((refs ?? []).filter((r) => !UUID_RE.test(r)))],
});

/** An image as share cards and JSON-LD name it. */
export interface MetaImage {
  url: string;
  width: number | null;
  height: number | null;
  alt: string | null;
}

/** The publisher (from the site settings) as JSON-LD names it. */
export interface Publisher {
  name: string;
  url: string;
  logo: MetaImage | null;
}

export interface ArticleMetaInput {
  slug: string;
  headline: string;
  dek: string;
  seo: { title: string; description: string; canonicalUrl: string | null };
  topImage: MetaImage | null;
  bylines: readonly { slug: string; name: string; title: string | null }[];
  section: { name: string };
  tags: readonly { name: string }[];
  publishedAt: string;
  updatedAt: string;
  corrections: readonly { kind: string; text: string; at: string }[];
  publisher: Publisher;
  /** The article's share-card overrides (each null or absent: the fallback). */
  social?: SocialOverrides;
}

/** An article's own Open Graph and Twitter fields, images resolved. */
export interface SocialOverrides {
  ogTitle: string | null;
  ogDescription: string | null;
  ogImage: MetaImage | null;
  twitterTitle: string | null;
  twitterDescription: string | null;
  twitterImage: MetaImage | null;
}

/** Share-card fields (Open Graph and Twitter) and the page's JSON-LD. */
export interface ArticleMeta {
  openGraph: {
    type: 'article';
    title: string;
    description: string;
    url: string;
    siteName: string;
    image: MetaImage | null;
    publishedTime: string;
    modifiedTime: string;
    section: string;
    tags: string[];
  };
  twitter: { card: 'summary_large_image' | 'summary'; title: string; description: string; image: string | null; imageAlt: string | null };
  jsonLd: Record<string, unknown>;
}

const siteBase = (p: Pick<Publisher, 'url'>): string => p.url.replace(/\/+$/, '');
const imageObject = (i: MetaImage) => ({ '@type': 'ImageObject', url: i.url, ...(i.width ? { width: i.width } : {}), ...(i.height ? { height: i.height } : {}) });

/**
 * RULE: the publisher as every page's JSON-LD names it (`jsonLd.publisher`; its name is also
 * `openGraph.siteName`): the site settings' title and logo at the site's address. One function,
 * so a settings change can rewrite the live pages' copy to exactly what a publish would write.
 */
export const publisherJsonLd = (p: Publisher): Record<string, unknown> => {
  const base = siteBase(p);
  return { '@type': 'Organization', '@id': `${base}/#publisher`, name: p.name, url: base, ...(p.logo?.url ? { logo: imageObject(p.logo) } : {}) };
};

/** schema.org asks headlines of at most 110 characters. */
export const JSON_LD_HEADLINE_MAX = 110;

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);

/**
 * RULE: a page's share cards and JSON-LD. Open Graph's title, description and image are the
 * article's own when set, else the SEO fields (which default from the headline and dek) and the
 * top image; Twitter's are its own when set, else Open Graph's. The URL is the canonical
 * one, else the site's address of the slug. JSON-LD is a schema.org `NewsArticle` with `Person`
 * authors (their profile pages), the publisher `Organization` of the site settings, the dates,
 * the image, and each correction, clarification or retraction as a `correction` (a
 * `CorrectionComment`).
 */
export function articleMeta(p: ArticleMetaInput): ArticleMeta {
  const base = siteBase(p.publisher);
  const url = articleAddress(base, p.slug, p.seo.canonicalUrl).canonicalUrl;
  const metaImage = (i: MetaImage | null | undefined): MetaImage | null => (i?.url ? { url: i.url, width: i.width ?? null, height: i.height ?? null, alt: i.alt ?? null } : null);
  const image = metaImage(p.topImage);
  const s = p.social;
  const og = { title: s?.ogTitle ?? p.seo.title, description: s?.ogDescription ?? p.seo.description, image: metaImage(s?.ogImage) ?? image };
  const card = { title: s?.twitterTitle ?? og.title, description: s?.twitterDescription ?? og.description, image: metaImage(s?.twitterImage) ?? og.image };
  return {
    openGraph: {
      type: 'article',
      title: og.title,
      description: og.description,
      url,
      siteName: p.publisher.name,
      image: og.image,
      publishedTime: p.publishedAt,
      modifiedTime: p.updatedAt,
      section: p.section.name,
      tags: p.tags.map((t) => t.name),
    },
    twitter: {
      card: card.image ? 'summary_large_image' : 'summary',
      title: card.title,
      description: card.description,
      image: card.image?.url ?? null,
      imageAlt: card.image?.alt ?? null,
    },
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: clip(p.headline, JSON_LD_HEADLINE_MAX),
      description: p.seo.description,
      url,
      mainEntityOfPage: { '@type': 'WebPage', '@id': url },
      ...(image ? { image: [imageObject(image)] } : {}),
      datePublished: p.publishedAt,
      dateModified: p.updatedAt,
      author: p.bylines.map((b) => ({ '@type': 'Person', name: b.name, url: `${base}/contributors/${b.slug}`, ...(b.title ? { jobTitle: b.title } : {}) })),
      publisher: publisherJsonLd(p.publisher),
      articleSection: p.section.name,
      ...(p.tags.length ? { keywords: p.tags.map((t) => t.name).join(', ') } : {}),
      ...(p.corrections.length
        ? { correction: p.corrections.map((c) => ({ '@type': 'CorrectionComment', text: `${c.kind[0]!.toUpperCase()}${c.kind.slice(1)}: ${c.text}`, datePublished: c.at })) }
        : {}),
    },
  };
}
