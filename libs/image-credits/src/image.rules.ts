/** Pure rules of the image-credits domain: no I/O, no framework. */
import { plainText } from '#libs/kernel';

export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'avif'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export const MIME_TYPES: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

export const EXTENSIONS: Record<ImageFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif', avif: 'avif' };

export const PARTY_KINDS = ['person', 'agency', 'provider'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export const CREDIT_FORMS = ['standard', 'via'] as const;
export type CreditForm = (typeof CREDIT_FORMS)[number];

export const CREDIT_LABELS = ['image', 'photo'] as const;
export type CreditLabel = (typeof CREDIT_LABELS)[number];

export const USAGE_TYPES = ['article', 'teaser', 'contributor'] as const;
export type UsageType = (typeof USAGE_TYPES)[number];

export const IMAGE_ROLES = ['top', 'inline', 'teaser', 'avatar'] as const;
export type ImageRole = (typeof IMAGE_ROLES)[number];

export const ALT_TEXT_MAX = 1000;
export const CAPTION_MAX = 2000;
export const CREDIT_OVERRIDE_MAX = 500;
export const URL_MAX = 2048;

/** RULE: the nightly sweep raises images whose license expired or expires within this many days. */
export const LICENSE_SWEEP_WINDOW_DAYS = 30;

const ascii = (b: Uint8Array, start: number, end: number): string => String.fromCharCode(...b.subarray(start, end));

/**
 * RULE: the type of a file is read from its first bytes (magic numbers), never from its name
 * or declared content type. Returns null for anything but the five accepted formats.
 */
export function sniffImageFormat(b: Uint8Array): ImageFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'png';
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'gif';
  if (b.length >= 16 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' && ascii(b, 12, 15) === 'VP8') return 'webp';
  if (avifBrand(b)) return 'avif';
  return null;
}

/** The AVIF brand of an ISO-BMFF `ftyp` box (major or compatible brand `avif`/`avis`), if any. */
export function avifBrand(b: Uint8Array): 'avif' | 'avis' | null {
  if (b.length < 16 || ascii(b, 4, 8) !== 'ftyp') return null;
  const size = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  if (size < 16 || size > b.length || size > 4096) return null;
  // major brand at 8, minor version at 12, compatible brands from 16
  const brands = [ascii(b, 8, 12)];
  for (let i = 16; i + 4 <= size; i += 4) brands.push(ascii(b, i, i + 4));
  if (brands.includes('avif')) return 'avif';
  if (brands.includes('avis')) return 'avis';
  return null;
}

/**
 * RULE: a file that was cut short is refused even when its header (and so its size) is
 * readable: a JPEG needs an end-of-image marker after its first scan, a PNG its IEND chunk,
 * a WebP all the bytes its RIFF header announces.
 */
export function looksComplete(format: ImageFormat, b: Uint8Array): boolean {
  switch (format) {
    case 'jpeg':
      return jpegHasEndAfterScan(b);
    case 'png':
      return b.length >= 20 && Buffer.from(b.buffer, b.byteOffset, b.byteLength).lastIndexOf('IEND') > 8;
    case 'webp': {
      const riffSize = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
      return riffSize + 8 <= b.length;
    }
    case 'gif':
      return b.length > 13;
    case 'avif':
      return true;
  }
}

function jpegHasEndAfterScan(b: Uint8Array): boolean {
  // walk the marker segments up to the first start-of-scan, then look for EOI in the scan data
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return false;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = (b[i + 2]! << 8) | b[i + 3]!;
    if (marker === 0xda) {
      for (let j = i + 2 + length; j + 1 < b.length; j++) if (b[j] === 0xff && b[j + 1] === 0xd9) return true;
      return false;
    }
    if (length < 2) return false;
    i += 2 + length;
  }
  return false;
}

/** Name as stored and printed: trimmed, inner whitespace collapsed. */
export const normalizePartyName = (name: string): string => plainText(name);

/** Free text as stored: trimmed; empty means "none". */
export const cleanText = (value: string | null | undefined): string | null => {
  const v = value == null ? '' : plainText(value);
  return v ? v : null;
};

export interface CreditParts {
  photographer?: string | null;
  agency?: string | null;
  provider?: string | null;
  form: CreditForm;
  label: CreditLabel;
}

/**
 * RULE: the credit line of an image for one use.
 * - standard form, with a provider:    "<photographer> - <agency> / <provider>"
 *   ("Top image credit: Frederic Legrand - COMEO / Shutterstock.com")
 * - standard form, without a provider: "<agency> / <photographer>", the wire-agency order
 *   ("Top photo credit: Matrix Images / Mohammed Qita")
 * - via form: "<photographer> - <agency> via <provider>", printed without a label
 *   ("Voodison328 via shutterstock.com")
 * Missing parts are left out with their separator. The standard form is prefixed with
 * "Top <label> credit: " for a top image and "<Label> credit: " elsewhere.
 * Null when the credit names nobody.
 */
export function formatCreditLine(parts: CreditParts, role: ImageRole = 'top'): string | null {
  const photographer = cleanText(parts.photographer);
  const agency = cleanText(parts.agency);
  const provider = cleanText(parts.provider);
  const joined = (items: (string | null)[], sep: string) => items.filter((x): x is string => !!x).join(sep);
  if (parts.form === 'via') {
    const creator = joined([photographer, agency], ' - ');
    const line = creator && provider ? `${creator} via ${provider}` : creator || provider;
    return line || null;
  }
  const body = provider ? joined([joined([photographer, agency], ' - ') || null, provider], ' / ') : joined([agency, photographer], ' / ');
  if (!body) return null;
  const label = role === 'top' ? `Top ${parts.label} credit` : `${parts.label[0]!.toUpperCase()}${parts.label.slice(1)} credit`;
  return `${label}: ${body}`;
}

/** RULE: a per-use override replaces the whole line; otherwise the formatted credit. */
export const creditLineForUse = (parts: CreditParts, role: ImageRole, override: string | null | undefined): string | null => cleanText(override) ?? formatCreditLine(parts, role);

/** What the publish gate reads of a top image and its use. */
export interface TopImageFacts {
  creditLine: string | null;
  creditOverride?: string | null;
  altText: string | null;
  licenseExpiresAt: Date | null;
  licenseMayDistribute: boolean;
}

/**
 * RULE (publish gate): a top image needs a credit (its own or the use's override) and alt
 * text, a licence that has not expired by `asOf` (the publish time: now, or the scheduled
 * time) and that allows distribution. Returns the code naming the first problem, or null.
 */
export function topImageProblemOf(
  f: TopImageFacts,
  asOf: Date,
): 'IMAGE_CREDIT_MISSING' | 'IMAGE_ALT_TEXT_MISSING' | 'IMAGE_LICENSE_EXPIRED' | 'IMAGE_LICENSE_NOT_DISTRIBUTABLE' | null {
  if (!cleanText(f.creditOverride) && !cleanText(f.creditLine)) return 'IMAGE_CREDIT_MISSING';
  if (!cleanText(f.altText)) return 'IMAGE_ALT_TEXT_MISSING';
  if (!f.licenseMayDistribute) return 'IMAGE_LICENSE_NOT_DISTRIBUTABLE';
  if (f.licenseExpiresAt && f.licenseExpiresAt.getTime() <= asOf.getTime()) return 'IMAGE_LICENSE_EXPIRED';
  return null;
}

/** A use of an image on a page that is live or scheduled (see ImageUses.usePublicUsesProbe). */
export interface PublicUse {
  usageType: string;
  usageId: string;
  status: string;
  slug: string | null;
  headline: string | null;
  /** The use's own credit line, when it has one (it covers a removed image credit). */
  creditOverride: string | null;
}

/**
 * RULE: removing an image's credit or alt text is refused while a live or scheduled page shows
 * it, unless every such use has its own: a per-use credit covers the credit; alt text has no
 * per-use form, so every public use needs the image's. Returns the uses left uncovered.
 */
export function usesLeftBare(removed: 'credit' | 'alt', uses: readonly PublicUse[]): PublicUse[] {
  return removed === 'credit' ? uses.filter((u) => !cleanText(u.creditOverride)) : [...uses];
}

/** RULE: a per-use caption override wins over the image's default caption. */
export const captionForUse = (defaultCaption: string | null, override: string | null | undefined): string | null => cleanText(override) ?? cleanText(defaultCaption);

/**
 * RULE: an image registered by address must be an absolute https URL without credentials.
 * The address is stored and printed, never fetched by the server (so no SSRF).
 * Returns the problem, or null when acceptable.
 */
export function imageUrlProblem(raw: string): string | null {
  if (raw.length > URL_MAX) return `at most ${URL_MAX} characters`;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not an absolute URL';
  }
  if (u.protocol !== 'https:') return 'must be an https URL';
  if (u.username || u.password) return 'must not contain credentials';
  if (!u.hostname || !u.hostname.includes('.')) return 'must name a public host';
  if (u.href.length > URL_MAX) return `at most ${URL_MAX} characters once encoded`;
  return null;
}

/** RULE: an http(s) link for a party or a credit (printed as a link on the public page). */
export function linkProblem(raw: string): string | null {
  if (raw.length > URL_MAX) return `at most ${URL_MAX} characters`;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'must be an http(s) URL';
    if (u.username || u.password) return 'must not contain credentials';
    return null;
  } catch {
    return 'not an absolute URL';
  }
}

/** RULE: a focal point is a position inside the image, each coordinate in [0, 1] from top-left. */
export const isFocalPoint = (p: { x: number; y: number }): boolean => Number.isFinite(p.x) && Number.isFinite(p.y) && p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1;

/** Which slot a party of each kind may fill in a credit. */
export const SLOT_KIND = { photographer: 'person', agency: 'agency', provider: 'provider' } as const satisfies Record<string, PartyKind>;

/** What a file's embedded IPTC/EXIF/XMP says about its credit. */
export interface EmbeddedCredit {
  creator?: string;
  credit?: string;
  source?: string;
  copyright?: string;
}

/** Suggested structured credit names, prefilled from embedded metadata (an editor confirms them). */
export interface SuggestedCredit {
  photographer: string | null;
  agency: string | null;
  provider: string | null;
  copyright: string | null;
}

/**
 * RULE: prefill from embedded metadata: the creator (IPTC By-line / EXIF Artist / XMP creator)
 * is the photographer, IPTC Credit the agency, IPTC Source the provider. A value equal to an
 * earlier one is not repeated.
 */
export function suggestCredit(e: EmbeddedCredit | null): SuggestedCredit | null {
  if (!e) return null;
  const photographer = cleanText(e.creator);
  const agency = cleanText(e.credit) === photographer ? null : cleanText(e.credit);
  const provider = [photographer, agency].includes(cleanText(e.source)) ? null : cleanText(e.source);
  const copyright = cleanText(e.copyright);
  if (!photographer && !agency && !provider && !copyright) return null;
  return { photographer, agency, provider, copyright };
}

/** Picks creator/credit/source/copyright out of exifr's merged output. */
export function embeddedCreditOf(meta: Record<string, unknown> | null | undefined): EmbeddedCredit | null {
  if (!meta) return null;
  const text = (v: unknown): string | undefined => {
    if (Array.isArray(v)) return text(v[0]);
    if (v && typeof v === 'object' && 'value' in v) return text((v as { value: unknown }).value);
    if (typeof v !== 'string') return undefined;
    const t = v.replace(/\0/g, '').trim();
    return t ? t.slice(0, 300) : undefined;
  };
  const out: EmbeddedCredit = {};
  const creator = text(meta.Byline) ?? text(meta.Artist) ?? text(meta.creator) ?? text(meta.Creator);
  const credit = text(meta.Credit);
  const source = text(meta.Source);
  const copyright = text(meta.CopyrightNotice) ?? text(meta.Copyright) ?? text(meta.rights) ?? text(meta.Rights);
  if (creator) out.creator = creator;
  if (credit) out.credit = credit;
  if (source) out.source = source;
  if (copyright) out.copyright = copyright;
  return Object.keys(out).length ? out : null;
}

/** RULE: whole days left until a license expires; once expired, minus the whole days since. */
export const daysLeft = (expiresAt: Date, now: Date): number => Math.trunc((expiresAt.getTime() - now.getTime()) / 86_400_000) || 0;

/** The storage key of an uploaded file: its content hash plus the extension of its sniffed format. */
export const storageKeyFor = (sha256Hex: string, format: ImageFormat): string => `${sha256Hex}.${EXTENSIONS[format]}`;

export const STORAGE_KEY_PATTERN = /^[0-9a-f]{64}\.(jpg|png|webp|gif|avif)$/;

export function formatOfStorageKey(key: string): ImageFormat | null {
  const m = STORAGE_KEY_PATTERN.exec(key);
  if (!m) return null;
  return (Object.entries(EXTENSIONS).find(([, ext]) => ext === m[1])?.[0] as ImageFormat | undefined) ?? null;
}

/** Usage types whose usage id is an article (its top image; a teaser override on its page). */
export const ARTICLE_USAGE_TYPES: readonly string[] = ['article', 'teaser'];

/**
 * RULE: the where-used list a caller sees: a use on an article (and its caption and credit
 * overrides) only when the caller may see that article; other uses (a contributor's avatar,
 * public on the profile) are shown to everyone who may read images.
 */
export function usesVisibleTo<U extends { usageType: string; usageId: string }>(uses: readonly U[], visibleArticles: ReadonlySet<string>): U[] {
  return uses.filter((u) => !ARTICLE_USAGE_TYPES.includes(u.usageType) || visibleArticles.has(u.usageId));
}

/**
 * RULE: EXIF orientations 5 to 8 turn the picture a quarter: it is shown with width and height
 * swapped. 1 to 4 (and none, or an unknown value) keep them.
 */
export function shownSize(width: number, height: number, orientation?: number | null): { width: number; height: number } {
  return orientation && orientation >= 5 && orientation <= 8 ? { width: height, height: width } : { width, height };
}
