import { plainText, slugify, isSlug } from '#libs/kernel';
import { wpautop } from './wpautop.js';
import type { WxrAuthor, WxrCategory, WxrItem, WxrSite } from './wxr.types.js';

/** One thing the report lists: what was skipped or flagged, and why. */
export interface ReportEntry {
  /** `post:<id>`, `attachment:<id>`, `author:<login>`, `term:<taxonomy>/<slug>` */
  ref: string;
  title?: string;
  code: string;
  reason: string;
}

// ---- authors -> contributor profiles ---------------------------------------------------------

export interface ContributorDraft {
  /** The key the import remembers the profile by (the author login). */
  key: string;
  name: string;
  slug: string;
  bio: string | null;
}

/**
 * RULE (wp:author): display name (else first + last name, else the login) is the byline name;
 * the slug comes from the login (WXR carries no nicename for authors). WXR has no biography
 * field, so bio stays empty; the e-mail is used only with `--invite` (see invitationOf).
 */
export function contributorFromAuthor(a: WxrAuthor): ContributorDraft {
  const name = plainText(a.displayName) || plainText(`${a.firstName} ${a.lastName}`) || plainText(a.login) || 'Unknown author';
  return { key: a.login, name, slug: slugify(a.login) || slugify(name) || 'author', bio: null };
}

/**
 * RULE (`--invite`): an author is invited at `wp:author_email`, trimmed; an author without one,
 * or with one that is not an address, is reported and not invited.
 */
export function invitationOf(a: Pick<WxrAuthor, 'email'>): { email: string; code?: never; reason?: never } | { email: null; code: string; reason: string } {
  const email = plainText(a.email).trim();
  if (!email) return { email: null, code: 'INVITE_NO_EMAIL', reason: 'the export has no e-mail for this author: not invited' };
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { email: null, code: 'INVITE_EMAIL_INVALID', reason: `"${email}" is not an e-mail address: not invited` };
  return { email };
}

// ---- categories -> sections, tags --------------------------------------------------------

export interface TermDraft {
  key: string;
  name: string;
  slug: string;
}

/** RULE: term names come HTML-escaped in WXR (`&amp;`): decoded to plain text. */
export const termName = (name: string): string => plainText(name);

const termSlug = (nicename: string, name: string): string => {
  let decoded = nicename;
  try {
    decoded = decodeURIComponent(nicename);
  } catch {
    // keep as is
  }
  return isSlug(decoded) ? decoded : slugify(decoded) || slugify(name) || 'term';
};

export const sectionFromCategory = (c: Pick<WxrCategory, 'nicename' | 'name'>): TermDraft => ({
  key: c.nicename,
  name: termName(c.name) || c.nicename,
  slug: termSlug(c.nicename, c.name),
});
export const tagFromTerm = (t: { slug: string; name: string }): TermDraft => ({ key: t.slug, name: termName(t.name) || t.slug, slug: termSlug(t.slug, t.name) });

/**
 * RULE (category hierarchy): sections are flat here, so a piece's section is the TOP-LEVEL
 * ancestor of its first category (`wp:category_parent` followed up); every category of the
 * piece below the top level becomes a topic tag, so "World > Europe" gives section World and
 * tag Europe. A parent missing from the export ends the walk at the last category found.
 */
export function topLevelCategory(nicename: string, parents: ReadonlyMap<string, string>): string {
  let current = nicename;
  const seen = new Set<string>();
  for (;;) {
    const parent = parents.get(current);
    if (!parent || seen.has(parent) || !parents.has(parent)) return current;
    seen.add(current);
    current = parent;
  }
}

export interface ItemTaxonomy {
  /** Category nicename of the section (top-level ancestor of the first category), or null. */
  section: string | null;
  /** Tag keys: post_tag slugs, plus categories below the top level (`category:<nicename>`). */
  tags: { key: string; name: string; fromCategory: boolean }[];
  skipped: { taxonomy: string; slug: string }[];
}

/**
 * RULE (item categories): the first `<category domain="category">` decides the section; a
 * WXR 1.0 `<category>` without a domain counts as a category only when the item has no
 * domained one (1.0 writes both forms for the same category); `post_tag` terms become
 * tags; any other taxonomy (post_format, custom ones) is reported as skipped.
 */
export function itemTaxonomy(item: Pick<WxrItem, 'terms'>, parents: ReadonlyMap<string, string>): ItemTaxonomy {
  const hasDomained = item.terms.some((t) => t.domain !== '');
  const categories: { nicename: string; name: string }[] = [];
  const tags: ItemTaxonomy['tags'] = [];
  const skipped: ItemTaxonomy['skipped'] = [];
  for (const t of item.terms) {
    if (t.domain === 'category' || (t.domain === '' && !hasDomained)) categories.push({ nicename: t.nicename || slugify(termName(t.name)), name: t.name });
    else if (t.domain === 'post_tag') tags.push({ key: t.nicename || slugify(termName(t.name)), name: termName(t.name), fromCategory: false });
    else if (t.domain !== '') skipped.push({ taxonomy: t.domain, slug: t.nicename });
  }
  const first = categories[0];
  const section = first ? topLevelCategory(first.nicename, parents) : null;
  for (const c of categories) {
    if (c.nicename === section) continue;
    tags.push({ key: `category:${c.nicename}`, name: termName(c.name), fromCategory: true });
  }
  const seen = new Set<string>();
  return { section, tags: tags.filter((t) => t.key && !seen.has(t.key) && seen.add(t.key)), skipped };
}

// ---- items: kind and status --------------------------------------------------------------

export type ItemKind = 'article' | 'image' | 'skip';

/**
 * RULE (wp:post_type): `post` -> article, `attachment` -> image. Pages are NOT imported (this
 * CMS publishes articles only): each is listed in the report with its link so an editor can
 * recreate it. Menu items, revisions, reusable blocks, templates and custom types are listed
 * as skipped.
 */
export function itemKind(item: Pick<WxrItem, 'postType'>): { kind: ItemKind; code?: string; reason?: string } {
  switch (item.postType) {
    case 'post':
      return { kind: 'article' };
    case 'attachment':
      return { kind: 'image' };
    case 'page':
      return { kind: 'skip', code: 'PAGE_NOT_IMPORTED', reason: 'pages are not imported: recreate it by hand if it is still needed' };
    case 'nav_menu_item':
      return { kind: 'skip', code: 'MENU_ITEM_SKIPPED', reason: 'menu items are not content' };
    case 'revision':
      return { kind: 'skip', code: 'REVISION_SKIPPED', reason: 'WordPress revisions are not imported (the current text is)' };
    default:
      return { kind: 'skip', code: 'POST_TYPE_SKIPPED', reason: `post type "${item.postType || '(none)'}" is not imported` };
  }
}

export type TargetStatus = 'published' | 'scheduled' | 'draft' | 'in_review';

export interface StatusPlan {
  status: TargetStatus | null;
  /** First publication (published), or the time to publish at (scheduled). */
  firstPublishedAt: Date | null;
  /** Last update shown (published): post_modified_gmt, never before the first publication. */
  updatedAt: Date | null;
  flag?: { code: string; reason: string };
}

/** `2023-11-05 10:00:00` (GMT) -> Date; WordPress's `0000-00-00 00:00:00` -> null. */
export function parseWpDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m || m[1] === '0000') return null;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * RULE (wp:status):
 * - publish -> published; first publication `post_date_gmt`, last update `post_modified_gmt`
 *   (falling back to `post_date` read as UTC when the GMT field is empty).
 * - future -> scheduled at `post_date_gmt`; a future date already past (a missed schedule) is
 *   imported as published at that date and flagged.
 * - draft -> draft; pending -> in review.
 * - private -> draft (it was never public; flagged so an editor decides).
 * - trash, auto-draft and anything else -> not imported (reported).
 */
export function statusPlan(item: Pick<WxrItem, 'status' | 'postDateGmt' | 'postDate' | 'postModifiedGmt' | 'postModified'>, now: Date): StatusPlan {
  const date = parseWpDate(item.postDateGmt) ?? parseWpDate(item.postDate);
  const modified = parseWpDate(item.postModifiedGmt) ?? parseWpDate(item.postModified);
  const published = (at: Date, flag?: StatusPlan['flag']): StatusPlan => ({
    status: 'published',
    firstPublishedAt: at,
    updatedAt: modified && modified > at ? modified : at,
    ...(flag ? { flag } : {}),
  });
  switch (item.status) {
    case 'publish':
      return date ? published(date) : published(now, { code: 'DATE_MISSING', reason: 'no publication date in the export: imported with the import time' });
    case 'future':
      if (date && date > now) return { status: 'scheduled', firstPublishedAt: date, updatedAt: null };
      return published(date ?? now, { code: 'SCHEDULE_PASSED', reason: 'scheduled for a time already past: imported as published at that time' });
    case 'draft':
      return { status: 'draft', firstPublishedAt: null, updatedAt: null };
    case 'pending':
      return { status: 'in_review', firstPublishedAt: null, updatedAt: null };
    case 'private':
      return { status: 'draft', firstPublishedAt: null, updatedAt: null, flag: { code: 'PRIVATE_AS_DRAFT', reason: 'private in WordPress: imported as a draft' } };
    case 'trash':
      return { status: null, firstPublishedAt: null, updatedAt: null, flag: { code: 'TRASHED_SKIPPED', reason: 'in the trash: not imported' } };
    default:
      return { status: null, firstPublishedAt: null, updatedAt: null, flag: { code: 'STATUS_SKIPPED', reason: `status "${item.status || '(none)'}" is not imported` } };
  }
}

// ---- slugs and old permalinks ------------------------------------------------------------

/** RULE: the WordPress slug (`wp:post_name`, percent-decoded) is kept; else one from the title. */
export function slugOf(item: Pick<WxrItem, 'postName' | 'title' | 'postId'>): string {
  let name = item.postName;
  try {
    name = decodeURIComponent(name);
  } catch {
    // a stray % : keep the raw text
  }
  if (isSlug(name)) return name;
  return slugify(name) || slugify(plainText(item.title)) || `post-${item.postId}`;
}

/**
 * A path as the redirect table keys it: the path only (no scheme, host, fragment), lower case,
 * no trailing slash (except the root), percent-encoding decoded; the only query kept is
 * WordPress's `?p=<id>` (and `page_id`), the rest is dropped.
 */
export function normalizeLegacyPath(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim(), 'http://legacy.invalid');
  } catch {
    return null;
  }
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it encoded
  }
  path = path.toLowerCase().replace(/\/{2,}/g, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  const p = url.searchParams.get('p') ?? url.searchParams.get('page_id');
  if (p && /^\d+$/.test(p)) return `${path === '/' ? '' : path}/?p=${p}`.replace(/^\/\?/, '/?');
  return path || '/';
}

/**
 * RULE (old permalinks): a piece keeps answering at the item's `link`, at `/?p=<post_id>` (the
 * GUID form), and at the date-based paths WordPress permalink settings produce from
 * `post_date` (`/YYYY/MM/DD/<slug>`, `/YYYY/MM/<slug>`); a link on another host than the
 * site's is ignored. Each answers with a 301 to the piece's current URL.
 */
export function legacyPathsOf(
  item: Pick<WxrItem, 'link' | 'guid' | 'postId' | 'postDate' | 'postDateGmt' | 'postName'>,
  site: Pick<WxrSite, 'baseSiteUrl' | 'baseBlogUrl' | 'link'>,
): string[] {
  const hosts = new Set([site.baseSiteUrl, site.baseBlogUrl, site.link].map(hostOf).filter(Boolean));
  const out = new Set<string>();
  const add = (raw: string) => {
    const host = hostOf(raw);
    if (host && hosts.size && !hosts.has(host)) return;
    const p = normalizeLegacyPath(raw);
    if (p && p !== '/') out.add(p);
  };
  if (item.link) add(item.link);
  if (/^\d+$/.test(item.postId)) out.add(`/?p=${item.postId}`);
  if (item.guid && /[?&]p=\d+/.test(item.guid)) add(item.guid);
  const d = parseWpDate(item.postDate) ?? parseWpDate(item.postDateGmt);
  const slug = item.postName ? normalizeLegacyPath(`/${item.postName}`)?.slice(1) : '';
  if (d && slug) {
    const y = String(d.getUTCFullYear());
    const mo = String(d.getUTCMonth() + 1).padStart(2, '0');
    const day = String(d.getUTCDate()).padStart(2, '0');
    out.add(`/${y}/${mo}/${day}/${slug}`);
    out.add(`/${y}/${mo}/${slug}`);
  }
  return [...out].sort();
}

function hostOf(raw: string): string {
  try {
    return /^https?:\/\//i.test(raw) ? new URL(raw).host.toLowerCase().replace(/^www\./, '') : '';
  } catch {
    return '';
  }
}

// ---- body --------------------------------------------------------------------------------

/** What the body rules need to know about an image the body names. */
export interface BodyImage {
  /** The https address to print (the CMS's copy, or the original); null: drop the image. */
  src: string | null;
  credit: string | null;
  alt: string | null;
}

export interface BodyContext {
  /** By attachment post id (from `[caption id="attachment_<id>"]`) or by the image's URL. */
  image(ref: { attachmentId: string | null; url: string | null }): BodyImage | null;
}

export interface BodyResult {
  html: string;
  problems: { code: string; reason: string }[];
}

const EMBEDS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^https?:\/\/(?:www\.|m\.)?youtube\.com\/watch\?(?:[^#\s]*&)?v=([\w-]{6,20})/i, (m) => `https://www.youtube-nocookie.com/embed/${m[1]}`],
  [/^https?:\/\/(?:www\.)?youtube\.com\/(?:embed|shorts)\/([\w-]{6,20})/i, (m) => `https://www.youtube-nocookie.com/embed/${m[1]}`],
  [/^https?:\/\/youtu\.be\/([\w-]{6,20})/i, (m) => `https://www.youtube-nocookie.com/embed/${m[1]}`],
  [/^https?:\/\/(?:www\.)?vimeo\.com\/(\d+)/i, (m) => `https://player.vimeo.com/video/${m[1]}`],
  [/^https?:\/\/player\.vimeo\.com\/video\/(\d+)/i, (m) => `https://player.vimeo.com/video/${m[1]}`],
  [/^https:\/\/datawrapper\.dwcdn\.net\/(\w+)(?:\/(\d+))?\/?/i, (m) => `https://datawrapper.dwcdn.net/${m[1]}/${m[2] ?? '1'}/`],
  [/^https?:\/\/public\.flourish\.studio\/visualisation\/(\d+)/i, (m) => `https://flo.uri.sh/visualisation/${m[1]}/embed`],
];

/** RULE (embeds): a URL of an allowlisted player becomes its iframe; another URL, a plain link (reported). */
export function embedFor(url: string): { html: string; allowed: boolean } {
  for (const [re, to] of EMBEDS) {
    const m = re.exec(url);
    if (m) return { html: `<figure><iframe src="${to(m)}" width="640" height="360" title="Embedded media" allowfullscreen></iframe></figure>`, allowed: true };
  }
  const safe = escapeAttr(url);
  return { html: `<p><a href="${safe}">${safe}</a></p>`, allowed: false };
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function shortcodeAttrs(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of raw.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'\]]+))/g)) out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return out;
}

/**
 * RULE ([caption]): `[caption id="attachment_N" ...]<img ...> Caption text[/caption]` (or the
 * older `caption="..."` attribute) becomes `<figure><img><figcaption>caption <cite>credit</cite>
 * </figcaption></figure>`; the credit is attachment N's (see attachmentCredit), the image
 * address the imported copy's.
 */
export function captionToFigure(attrs: Record<string, string>, inner: string, ctx: BodyContext): { html: string; problem?: { code: string; reason: string } } {
  const img = /<img\b[^>]*>/i.exec(inner)?.[0] ?? null;
  const src = img ? (/\ssrc\s*=\s*["']([^"']+)["']/i.exec(img)?.[1] ?? null) : null;
  const altInTag = img ? (/\salt\s*=\s*["']([^"']*)["']/i.exec(img)?.[1] ?? null) : null;
  const attachmentId = /^attachment_(\d+)$/.exec(attrs.id ?? '')?.[1] ?? null;
  const text = plainText((attrs.caption ?? '') || inner.replace(/<a\b[^>]*>\s*<img\b[^>]*>\s*<\/a>|<img\b[^>]*>/gi, ''));
  if (!img || !src)
    return { html: text ? `<p>${escapeText(text)}</p>` : '', problem: { code: 'CAPTION_WITHOUT_IMAGE', reason: '[caption] holds no image: its text kept as a paragraph' } };
  const known = ctx.image({ attachmentId, url: src });
  const split = splitCaptionCredit(text);
  const credit = known?.credit ?? split.credit;
  const alt = plainText(altInTag ?? '') || known?.alt || '';
  const finalSrc = known ? known.src : src;
  if (!finalSrc) return { html: '', problem: { code: 'IMAGE_DROPPED', reason: `image ${src} is not available over https` } };
  const caption = [split.caption ? escapeText(split.caption) : '', credit ? `<cite>${escapeText(credit)}</cite>` : ''].filter(Boolean).join(' ');
  return {
    html: `<figure><img src="${escapeAttr(finalSrc)}" alt="${escapeAttr(alt)}">${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`,
    ...(credit ? {} : { problem: { code: 'BODY_IMAGE_CREDIT_MISSING', reason: `image ${src} in the body has no credit` } }),
  };
}

/** Shortcodes WordPress core and common plugins register (others in brackets are text). */
const KNOWN_SHORTCODES = new Set([
  'gallery',
  'audio',
  'video',
  'playlist',
  'embed',
  'wp_caption',
  'caption',
  'contact-form-7',
  'contact-form',
  'gravityform',
  'button',
  'su_button',
  'tweet',
  'pullquote',
  'blockquote',
  'tabs',
  'tab',
  'column',
  'row',
  'vc_row',
  'vc_column',
  'vc_column_text',
  'et_pb_section',
  'fusion_builder_container',
  'ad',
  'adsense',
  'instagram',
  'twitter',
  'soundcloud',
  'spotify',
  'podcast',
  'related',
  'googlemaps',
  'iframe',
  'dropcap',
  'highlight',
]);

/**
 * RULE (body, `content:encoded`), in this order:
 * 1. block comments (`<!-- wp:... -->`, `<!-- /wp:... -->`) removed; a body that had them is
 *    block-editor markup and gets no automatic paragraphs (as WordPress does);
 * 2. a URL alone on its line and `[embed]URL[/embed]` -> the allowlisted embed (else a link);
 * 3. `[caption]` -> figure + figcaption with the credit;
 * 4. any other shortcode (`[name ...]`, `[/name]`) is removed, its enclosed text kept, and
 *    reported; an unclosed `[caption` is reported as broken;
 * 5. wpautop (classic-editor bodies only); whitespace between block tags dropped;
 * then the articles lib's sanitizer runs on save, as for every body.
 */
export function convertBody(raw: string, ctx: BodyContext): BodyResult {
  const problems: BodyResult['problems'] = [];
  // generated figures wait outside wpautop (which would split figure from figcaption)
  const made: string[] = [];
  const hold = (block: string) => {
    made.push(block);
    return `\n\n<figure data-wp-import="${made.length - 1}"></figure>\n\n`;
  };
  const isBlocks = /<!--\s*\/?wp:/.test(raw);
  let html = raw.replace(/\r\n?/g, '\n').replace(/<!--\s*\/?wp:[\s\S]*?-->\n?/g, '');
  const embed = (url: string) => {
    const e = embedFor(url.trim());
    if (!e.allowed) problems.push({ code: 'EMBED_NOT_ALLOWED', reason: `${url.trim()} is not an allowlisted embed: kept as a link` });
    return hold(e.html);
  };
  html = html.replace(/\[embed[^\]]*\]\s*(https?:\/\/[^\s[]+)\s*\[\/embed\]/gi, (_m, url: string) => embed(url));
  html = html.replace(/^[ \t]*(?:<p>)?[ \t]*(https?:\/\/[^\s<>"]+)[ \t]*(?:<\/p>)?[ \t]*$/gim, (_m, url: string) => embed(url));
  html = html.replace(/\[caption([^\]]*)\]([\s\S]*?)\[\/caption\]/gi, (_m, attrs: string, inner: string) => {
    const r = captionToFigure(shortcodeAttrs(attrs), inner, ctx);
    if (r.problem) problems.push(r.problem);
    return r.html ? hold(r.html) : '';
  });
  html = html.replace(/\[caption\b[^\]]*\]/gi, () => {
    problems.push({ code: 'SHORTCODE_BROKEN', reason: '[caption] without its [/caption]: removed' });
    return '';
  });
  const enclosing = new Set([...html.matchAll(/\[\/([a-zA-Z][\w-]*)\]/g)].map((m) => m[1]!.toLowerCase()));
  const reported = new Set<string>();
  html = html.replace(/\[(\/?)([a-zA-Z][\w-]*)((?:\s+[^\]]*)?)\](?!\()/g, (m, _close: string, name: string, attrs: string) => {
    const n = name.toLowerCase();
    if (!KNOWN_SHORTCODES.has(n) && !enclosing.has(n) && !attrs.includes('=')) return m;
    if (!reported.has(n)) {
      reported.add(n);
      problems.push({ code: 'SHORTCODE_REMOVED', reason: `[${n}] is not supported: removed (its enclosed text kept)` });
    }
    return '';
  });
  if (!isBlocks) html = wpautop(html);
  html = html.replace(/<figure data-wp-import="(\d+)"><\/figure>/g, (_m, i: string) => made[Number(i)]!);
  return {
    html: html
      .replace(/\n{3,}/g, '\n\n')
      .replace(BETWEEN_BLOCKS, '$1')
      .trim(),
    problems,
  };
}

const BLOCK_TAG = '(?:address|article|aside|blockquote|details|div|dl|dd|dt|figcaption|figure|footer|h[1-6]|header|hr|li|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)';
/**
 * RULE: whitespace between two block-level tags is dropped (wpautop and block comments leave
 * newlines there; they render as nothing, and a body written in the desk has none), so an
 * imported body is the one the services would store for the same page.
 */
const BETWEEN_BLOCKS = new RegExp(`(<\\/?${BLOCK_TAG}\\b[^>]*>)\\s+(?=<\\/?${BLOCK_TAG}\\b)`, 'gi');

// ---- attachments -> images -----------------------------------------------------------------

/** Meta keys read for an image credit, in this order (Media Credit plugin, common theme fields). */
export const CREDIT_META_KEYS = [
  '_media_credit',
  'media_credit',
  '_wp_attachment_credit',
  'credit',
  '_credit',
  'photo_credit',
  '_photo_credit',
  'image_credit',
  '_image_credit',
  'photographer',
  '_photographer',
];

/** RULE: "Caption text. Photo: Jane Doe" / "(Credit: AP)" -> caption and credit apart. */
export function splitCaptionCredit(caption: string): { caption: string; credit: string | null } {
  const text = plainText(caption);
  const m = /^(.*?)[\s.,;–—-]*[([]?\b(?:photo(?:graph)?|image|picture|credit|photo credit|image credit|foto|source)s?(?:\s+by)?\s*:\s*([^)\]]+?)[)\]]?\.?$/i.exec(text);
  if (!m) return { caption: text, credit: null };
  return { caption: m[1]!.trim(), credit: m[2]!.trim() || null };
}

export interface ImageDraft {
  /** The attachment post id. */
  key: string;
  url: string;
  /** Path below wp-content/uploads (`2023/11/file.jpg`), to find the file under --media-dir. */
  uploadsPath: string | null;
  alt: string | null;
  caption: string | null;
  description: string | null;
  credit: string | null;
}

/**
 * RULE (attachment): the file is `_wp_attached_file` (else the part of `wp:attachment_url`
 * after `/uploads/`); alt text `_wp_attachment_image_alt`; caption `excerpt:encoded` (where
 * WordPress keeps an attachment's caption); description `content:encoded`; the credit is
 * the first of CREDIT_META_KEYS that is set, else the `credit` in `_wp_attachment_metadata`'s
 * image_meta (the IPTC credit WordPress read on upload), else a "Photo: ..." tail of the caption.
 */
export function imageFromAttachment(item: Pick<WxrItem, 'postId' | 'attachmentUrl' | 'guid' | 'excerpt' | 'content' | 'meta'>): ImageDraft {
  const url = (item.attachmentUrl || item.guid).trim();
  const attached = item.meta._wp_attached_file?.trim();
  const fromUrl = /\/uploads\/(.+)$/.exec(url.split('?')[0] ?? '')?.[1] ?? null;
  const uploadsPath = safeRelative(attached || fromUrl);
  const split = splitCaptionCredit(item.excerpt);
  let credit: string | null = null;
  for (const k of CREDIT_META_KEYS) {
    const v = plainText(item.meta[k] ?? '');
    if (v) {
      credit = v;
      break;
    }
  }
  if (!credit) {
    const serialized = /s:6:"credit";s:\d+:"([^"]*)"/.exec(item.meta._wp_attachment_metadata ?? '')?.[1];
    if (serialized && plainText(serialized)) credit = plainText(serialized);
  }
  return {
    key: item.postId,
    url,
    uploadsPath,
    alt: plainText(item.meta._wp_attachment_image_alt ?? '') || null,
    caption: (credit ? plainText(item.excerpt) : split.caption) || null,
    description: plainText(item.content) || null,
    credit: credit ?? split.credit,
  };
}

/** A relative path that cannot climb out of the media directory, or null. */
export function safeRelative(p: string | null | undefined): string | null {
  if (!p) return null;
  let s = p;
  try {
    s = decodeURIComponent(p);
  } catch {
    // keep
  }
  const parts = s
    .replace(/\\/g, '/')
    .split('/')
    .filter((x) => x && x !== '.');
  if (!parts.length || parts.some((x) => x === '..') || s.includes('\0')) return null;
  return parts.join('/');
}

/**
 * RULE (credit text -> structured credit): "X via Y" -> photographer X via provider Y; any
 * other text -> one photographer party named with the whole text, so the credit line prints
 * what WordPress printed ("Top image credit: Olena Koval / Reuters").
 */
export function creditPartsOf(credit: string): { photographer: string; provider: string | null; form: 'standard' | 'via' } {
  const text = plainText(credit);
  const via = /^(.+?)\s+via\s+(.+)$/i.exec(text);
  if (via) return { photographer: via[1]!.trim(), provider: via[2]!.trim(), form: 'via' };
  return { photographer: text, provider: null, form: 'standard' };
}

/** RULE: `excerpt:encoded`, when present, becomes the dek (plain text); else the dek stays empty. */
export const dekOf = (item: Pick<WxrItem, 'excerpt'>): string => plainText(item.excerpt);

/** RULE: `_thumbnail_id` names the attachment that becomes the top image. */
export const thumbnailIdOf = (item: Pick<WxrItem, 'meta'>): string | null => {
  const v = item.meta._thumbnail_id?.trim();
  return v && /^\d+$/.test(v) ? v : null;
};

/** The report's key for an item. */
export const itemRef = (item: Pick<WxrItem, 'postType' | 'postId'>): string => `${item.postType === 'attachment' ? 'attachment' : 'post'}:${item.postId}`;

/**
 * RULE (idempotency key): a site is known by its base URL (`wp:base_site_url`, else the
 * channel's link) without scheme, `www.` or trailing slash, so an http and an https export of
 * one site, or a newer export of it, update the same pieces.
 */
export function siteKeyOf(site: Pick<WxrSite, 'baseSiteUrl' | 'baseBlogUrl' | 'link'>): string {
  const raw = site.baseSiteUrl || site.baseBlogUrl || site.link;
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/+$/, '');
  return key || 'unknown-site';
}

/** RULE: a body image matches an attachment by its uploads path, ignoring WordPress's `-300x200` size suffix. */
export function uploadsKeyOf(url: string): string | null {
  const path = /\/uploads\/([^?#]+)/.exec(url)?.[1] ?? (/^[^:/]+\//.test(url) ? url : null);
  if (!path) return null;
  return (
    safeRelative(path)
      ?.toLowerCase()
      .replace(/-\d+x\d+(\.[a-z0-9]+)$/, '$1') ?? null
  );
}
