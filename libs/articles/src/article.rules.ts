import sanitizeHtml from 'sanitize-html';
import { htmlToText, plainText, slugify } from '#libs/kernel';

/** Hosts whose iframes (video, charts) may appear in an article body. */
export const IFRAME_HOSTS = ['www.youtube-nocookie.com', 'www.youtube.com', 'player.vimeo.com', 'datawrapper.dwcdn.net', 'flo.uri.sh'];

/** RULE: an embedded frame is an https URL on an IFRAME_HOSTS host, with no user or password. */
export function allowedIframeSrc(src: string | undefined): boolean {
  if (!src) return false;
  try {
    const u = new URL(src);
    return u.protocol === 'https:' && !u.username && !u.password && IFRAME_HOSTS.includes(u.hostname);
  } catch {
    return false;
  }
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'blockquote',
    'q',
    'cite',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'b',
    'i',
    'u',
    's',
    'sup',
    'sub',
    'a',
    'br',
    'hr',
    'figure',
    'figcaption',
    'img',
    'iframe',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'caption',
    'span',
    'abbr',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    iframe: ['src', 'width', 'height', 'title', 'allowfullscreen'],
    abbr: ['title'],
    blockquote: ['cite'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'], iframe: ['https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  allowedIframeHostnames: IFRAME_HOSTS,
  disallowedTagsMode: 'discard',
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  // RULE: images must be absolute https URLs (a relative src means nothing off-site); an iframe
  // goes whole unless its src is an https URL on an allowed host (no empty frame is left behind)
  exclusiveFilter: (frame) => (frame.tag === 'img' && !/^https:\/\//i.test(frame.attribs.src ?? '')) || (frame.tag === 'iframe' && !allowedIframeSrc(frame.attribs.src)),
  transformTags: {
    a: (tagName, attribs) => {
      const out: Record<string, string> = { ...attribs };
      if (out.target) {
        out.target = '_blank';
        out.rel = 'noopener noreferrer';
      }
      return { tagName, attribs: out };
    },
  },
  // drop the text of elements that are removed with their content
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'xmp', 'noembed', 'noframes', 'plaintext'],
};

/** RULE: article HTML is sanitized on write with an allowlist; anything not listed goes. */
export const sanitizeBody = (html: string): string => sanitizeHtml(html, SANITIZE).trim();

/** Plain text (no markup, no attributes): for headlines, deks, captions, credits. */
export { plainText };

/** The body as plain text, paragraphs separated by blank lines (text nodes of the sanitized HTML, decoded once). */
export const bodyTextOf = (html: string): string => htmlToText(html);

export const wordCountOf = (text: string): number => (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length;

/** RULE: reading time at 230 words a minute, at least one minute for any text. */
export const readingMinutesOf = (words: number): number => (words === 0 ? 0 : Math.max(1, Math.round(words / 230)));

/** RULE: the excerpt is the first paragraphs up to ~`max` characters, cut at a word. */
export function excerptOf(text: string, max = 320): string {
  const paragraphs = text.split('\n\n');
  let out = '';
  for (const p of paragraphs) {
    const next = out ? `${out} ${p}` : p;
    if (next.length > max) {
      if (!out) {
        const cut = p.slice(0, max);
        return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.6)).trim()}…`;
      }
      break;
    }
    out = next;
  }
  return out;
}

export interface DerivedBody {
  bodyHtml: string;
  bodyText: string;
  excerpt: string;
  wordCount: number;
  readingMinutes: number;
}

export function deriveBody(rawHtml: string): DerivedBody {
  const bodyHtml = sanitizeBody(rawHtml);
  const bodyText = bodyTextOf(bodyHtml);
  const wordCount = wordCountOf(bodyText);
  return { bodyHtml, bodyText, excerpt: excerptOf(bodyText), wordCount, readingMinutes: readingMinutesOf(wordCount) };
}

/** RULE: a slug comes from the headline unless an editor sets one. */
export const slugForHeadline = (headline: string): string => slugify(headline) || 'untitled';

/** The fields a revision snapshots (everything an editor can change). */
export const REVISION_FIELDS = [
  'headline',
  'dek',
  'slug',
  'typeId',
  'sectionId',
  'tagIds',
  'bylineIds',
  'bodyHtml',
  'topImageId',
  'topImageCaption',
  'topImageCredit',
  'seoTitle',
  'seoDescription',
  'canonicalUrl',
  'embargoUntil',
  'ogTitle',
  'ogDescription',
  'ogImageId',
  'twitterTitle',
  'twitterDescription',
  'twitterImageId',
] as const;
export type RevisionField = (typeof REVISION_FIELDS)[number];
/**
 * A revision's snapshot (`article_revisions.data`, jsonb): each field of REVISION_FIELDS as the
 * article held it when the revision was written; the embargo as an ISO string.
 */
export type RevisionData = {
  headline: string;
  dek: string;
  slug: string;
  typeId: string | null;
  sectionId: string | null;
  tagIds: string[];
  bylineIds: string[];
  bodyHtml: string;
  topImageId: string | null;
  topImageCaption: string | null;
  topImageCredit: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
  canonicalUrl: string | null;
  embargoUntil: string | null;
  /** Share-card overrides; absent from revisions written before they existed (read as null). */
  ogTitle: string | null;
  ogDescription: string | null;
  ogImageId: string | null;
  twitterTitle: string | null;
  twitterDescription: string | null;
  twitterImageId: string | null;
};

/** The share-card text overrides and their longest accepted length (what the networks show before cutting). */
export const SOCIAL_TEXT_MAX = { ogTitle: 100, ogDescription: 300, twitterTitle: 70, twitterDescription: 200 } as const;
export type SocialTextField = keyof typeof SOCIAL_TEXT_MAX;
/** The detail code of a share-card text over its limit (API contract: never rename it). */
export const SOCIAL_TEXT_TOO_LONG = 'ARTICLE_SOCIAL_TEXT_TOO_LONG';

/**
 * RULE: a share-card override is plain text of at most SOCIAL_TEXT_MAX characters (counted
 * after trimming); an empty one is no override (null). Returns the clean value or the problem.
 */
export function socialText(field: SocialTextField, raw: string | null): { value: string | null } | { problem: { field: string; code: string; message: string } } {
  const value = raw === null ? null : plainText(raw) || null;
  const max = SOCIAL_TEXT_MAX[field];
  if (value !== null && [...value].length > max) return { problem: { field, code: SOCIAL_TEXT_TOO_LONG, message: `at most ${max} characters (${[...value].length} now)` } };
  return { value };
}
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** RevisionData has exactly the fields REVISION_FIELDS lists (the typecheck fails otherwise). */
export type RevisionDataCoversFields = Assert<Same<keyof RevisionData, RevisionField>>;

export interface FieldChange {
  field: RevisionField;
  from: unknown;
  to: unknown;
}

const norm = (v: unknown): string => JSON.stringify(v instanceof Date ? v.toISOString() : (v ?? null));

/** RULE: a diff lists every snapshot field whose value differs, in field order. */
export function diffRevisions(a: Partial<RevisionData>, b: Partial<RevisionData>): FieldChange[] {
  return REVISION_FIELDS.filter((f) => norm(a[f]) !== norm(b[f])).map((field) => ({ field, from: a[field] ?? null, to: b[field] ?? null }));
}

/** ETags are strong and carry the version: "v12". */
export const etagOf = (version: number): string => `"v${version}"`;

/** Parses If-Match into a version; null if absent, NaN if unparseable. */
export function versionFromIfMatch(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '') return null;
  const m = /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(header);
  return m ? Number(m[1]) : Number.NaN;
}

/** RULE: an edit lock is held while its heartbeat is younger than this. */
export const LOCK_TTL_MS = 2 * 60_000;

export const lockIsFresh = (heartbeatAt: Date | null, now: Date): boolean => heartbeatAt !== null && now.getTime() - heartbeatAt.getTime() < LOCK_TTL_MS;

export interface ArticleAccessFacts {
  role: 'admin' | 'editor' | 'contributor';
  isOwner: boolean;
  status: string;
}

/** RULE: contributors see only their own pieces; editors and admins see everything. */
export const canSeeArticle = (f: ArticleAccessFacts): boolean => f.role !== 'contributor' || f.isOwner;

/**
 * RULE: contributors edit their own pieces only while in draft; editors edit anything not
 * archived (a live piece gets a new draft revision; the public copy waits for republish).
 */
export function editRefusal(f: ArticleAccessFacts): 'not_found' | 'not_editable' | null {
  if (!canSeeArticle(f)) return 'not_found';
  if (f.role === 'contributor') return f.status === 'draft' ? null : 'not_editable';
  return f.status === 'archived' ? 'not_editable' : null;
}

const timeOf = (v: Date | string | null | undefined): number | null => (v === null || v === undefined ? null : new Date(v).getTime());

/**
 * RULE: once a piece has been public its embargo is frozen: a request that changes it is
 * refused, one that repeats the stored value (a form sending back what it loaded) is not.
 */
export const embargoChangeRefused = (f: { firstPublished: boolean; current: Date | null; requested: Date | null | undefined }): boolean =>
  f.firstPublished && f.requested !== undefined && timeOf(f.requested) !== timeOf(f.current);

/**
 * RULE: restoring a revision restores every field it holds (REVISION_FIELDS), as an edit.
 * Dates come back as Dates; a revision written before a field existed leaves that field alone.
 */
export function restoreInput(d: Partial<RevisionData>): Partial<Record<RevisionField, unknown>> {
  const out: Partial<Record<RevisionField, unknown>> = {};
  for (const f of REVISION_FIELDS) {
    if (!(f in d)) continue;
    const v = d[f];
    out[f] = f === 'embargoUntil' && typeof v === 'string' ? new Date(v) : v;
  }
  return out;
}

/** How the desk's article list searches for what was typed (see `listSearch`). */
export type ListSearch = { kind: 'words'; tsquery: string; words: string[] } | { kind: 'substring'; text: string };

// what a query of plain words may hold besides letters, digits and spaces: the text parser
// splits on these the same way in the query and in the piece, so a word search finds the same words
const WORDISH = /^[\p{L}\p{N}\s'’",;:!?()]+$/u;

/**
 * RULE: the list's search. A query of plain words (letters and digits; spaces, quotes, commas,
 * colons, brackets, and hyphens between letters, as in "e-mail") is a word search: every word
 * must begin a word of the headline, dek or body ("balt" finds Baltic, "karo" Karovel), in any
 * order, case-insensitively; it is answered by the tsvector `search_words` (the 'simple'
 * configuration: no stemming, no stop words, so a name or a common word is a word like any other).
 * Anything else (a number with a point or a hyphen, an address, a handle, "100%", "tariffs_and")
 * is a literal string and matches anywhere as a substring (ILIKE, answered by the pg_trgm index),
 * as the list searched before. Words of one letter match only themselves, not every word they begin.
 */
export function listSearch(q: string): ListSearch {
  const text = q.trim();
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (!words.length || !WORDISH.test(text.replace(/(?<=\p{L})-(?=\p{L})/gu, ' '))) return { kind: 'substring', text };
  const unique = [...new Set(words)];
  // each word quoted as a tsquery literal (only letters and digits: nothing to escape)
  return { kind: 'words', words: unique, tsquery: unique.map((w) => `'${w}'${w.length > 1 ? ':*' : ''}`).join(' & ') };
}

/** Where a piece is read: its page on this site and the URL search engines are told to index. */
export interface ArticleAddress {
  slug: string;
  /** The site's public address of the slug (PUBLIC_BASE_URL/<slug>): where the page is served. */
  url: string;
  /** The piece's own canonical URL when it has one (syndicated copies), else `url`. */
  canonicalUrl: string;
}

/**
 * RULE: a piece's public URL is the site's public base URL joined with its slug; its canonical
 * URL is its own override when set, else that URL. The content API's page (Open Graph, JSON-LD),
 * and the webhooks that announce it, all build it here.
 */
export function articleAddress(publicBaseUrl: string, slug: string, canonicalOverride?: string | null): ArticleAddress {
  const url = `${publicBaseUrl.replace(/\/+$/, '')}/${slug}`;
  return { slug, url, canonicalUrl: canonicalOverride || url };
}
