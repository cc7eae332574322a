import { DomainError, isSlug, plainText, slugify, type ErrorDetail } from '#libs/kernel';
import { ContributorErrorCode } from './contributors.errors.js';

export const CONTRIBUTOR_NAME_MAX = 200;
export const CONTRIBUTOR_TITLE_MAX = 300;
export const CONTRIBUTOR_BIO_MAX = 5_000;
export const CONTRIBUTOR_DISCLOSURE_MAX = 2_000;
export const CONTRIBUTOR_SLUG_MAX = 80;
export const SOCIAL_LINKS_MAX = 12;
export const SOCIAL_URL_MAX = 500;

/**
 * Networks a profile may link to, with the hosts their profile URLs live on. `null`: any host
 * (Mastodon is federated; a website is anywhere).
 */
export const SOCIAL_NETWORKS = {
  x: ['x.com', 'twitter.com'],
  bluesky: ['bsky.app'],
  mastodon: null,
  threads: ['threads.net', 'threads.com'],
  linkedin: ['linkedin.com'],
  instagram: ['instagram.com'],
  facebook: ['facebook.com'],
  youtube: ['youtube.com'],
  substack: ['substack.com'],
  github: ['github.com'],
  orcid: ['orcid.org'],
  website: null,
} as const satisfies Record<string, readonly string[] | null>;
export type SocialNetwork = keyof typeof SOCIAL_NETWORKS;
export const SOCIAL_NETWORK_NAMES = Object.keys(SOCIAL_NETWORKS) as SocialNetwork[];

export interface SocialLink {
  network: SocialNetwork;
  url: string;
}

// control characters (NUL cannot even be stored in a text column); tabs and newlines stay
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

const invalid = (code: string, message: string, details: ErrorDetail[]) => new DomainError('validation', code, message, details);

/** RULE: a name is trimmed, single-spaced, free of control characters, 1..200 characters. */
export function cleanName(raw: string): string {
  const name = plainText(raw.replace(CONTROL, ''));
  if (!name || name.length > CONTRIBUTOR_NAME_MAX) {
    const code = ContributorErrorCode.NameInvalid;
    throw invalid(code, `The name must be 1 to ${CONTRIBUTOR_NAME_MAX} characters.`, [{ field: 'name', code, message: `must be 1 to ${CONTRIBUTOR_NAME_MAX} characters` }]);
  }
  return name;
}

/**
 * RULE: optional plain text (title, bio, disclosure) is trimmed with line breaks normalized;
 * empty means none; longer than `max` characters is refused, never cut.
 */
export function cleanText(field: string, raw: string | null | undefined, max: number, singleLine = false): string | null {
  if (raw === undefined || raw === null) return null;
  let text = raw.replace(CONTROL, '').replace(/\r\n?/g, '\n');
  text = plainText(text, { multiline: !singleLine });
  if (text.length > max) {
    const code = ContributorErrorCode.TextTooLong;
    throw invalid(code, `${field} may hold at most ${max} characters.`, [{ field, code, message: `at most ${max} characters (got ${text.length})` }]);
  }
  return text || null;
}

/**
 * RULE: a contributor's slug is the one given (already a slug: lower-case ASCII words joined
 * by hyphens, at most 80 characters), or else derived from the name.
 */
export function contributorSlug(name: string, given?: string | null): string {
  const code = ContributorErrorCode.SlugInvalid;
  if (given !== undefined && given !== null) {
    if (!isSlug(given) || given.length > CONTRIBUTOR_SLUG_MAX) {
      throw invalid(code, `The slug must be lower-case letters and digits joined by single hyphens (at most ${CONTRIBUTOR_SLUG_MAX}).`, [
        { field: 'slug', code, message: 'not a valid slug, e.g. "jane-doe"' },
      ]);
    }
    return given;
  }
  const derived = slugify(name, CONTRIBUTOR_SLUG_MAX);
  if (!derived) {
    throw invalid(code, 'No slug can be made from this name; send one.', [{ field: 'slug', code, message: 'required: the name has no letters or digits to build a slug from' }]);
  }
  return derived;
}

const hostMatches = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Why one link is refused, or null when it is fine. Pure. */
export function socialLinkProblem(network: string, rawUrl: string): { field: 'network' | 'url'; message: string } | null {
  if (!Object.hasOwn(SOCIAL_NETWORKS, network)) {
    return { field: 'network', message: `must be one of ${SOCIAL_NETWORK_NAMES.join(', ')}` };
  }
  const raw = rawUrl.trim();
  if (raw.length > SOCIAL_URL_MAX) return { field: 'url', message: `at most ${SOCIAL_URL_MAX} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { field: 'url', message: 'not a URL' };
  }
  if (url.protocol !== 'https:') return { field: 'url', message: 'must start with https://' };
  if (url.username || url.password) return { field: 'url', message: 'must not carry credentials' };
  const host = url.hostname.toLowerCase();
  if (!host.includes('.') || IPV4.test(host) || host.startsWith('[')) return { field: 'url', message: 'must name a public host' };
  const hosts = SOCIAL_NETWORKS[network as SocialNetwork] as readonly string[] | null;
  if (hosts && !hosts.some((d) => hostMatches(host, d))) {
    return { field: 'url', message: `a ${network} link must be on ${hosts.join(' or ')}` };
  }
  return null;
}

/**
 * RULE: social links are a list of at most 12 {network, url}; networks from the list above,
 * URLs https only, on the network's own host, without credentials, each URL once. Returns
 * the links with their URLs normalized; every problem is reported at once.
 */
export function validateSocialLinks(links: readonly { network: string; url: string }[]): SocialLink[] {
  const code = ContributorErrorCode.SocialLinkInvalid;
  if (links.length > SOCIAL_LINKS_MAX) {
    throw invalid(code, `At most ${SOCIAL_LINKS_MAX} social links.`, [{ field: 'socialLinks', code, message: `at most ${SOCIAL_LINKS_MAX} links` }]);
  }
  const details: ErrorDetail[] = [];
  const out: SocialLink[] = [];
  const seen = new Set<string>();
  links.forEach((link, i) => {
    const problem = socialLinkProblem(link.network, link.url);
    if (problem) {
      details.push({ field: `socialLinks.${i}.${problem.field}`, code, message: problem.message });
      return;
    }
    const url = new URL(link.url.trim()).href;
    if (seen.has(url)) {
      details.push({ field: `socialLinks.${i}.url`, code, message: 'listed twice' });
      return;
    }
    seen.add(url);
    out.push({ network: link.network as SocialNetwork, url });
  });
  if (details.length) throw invalid(code, 'Some social links are not valid.', details);
  return out;
}

/** RULE: references resolve in the order given, each once (a repeated id keeps its first place). */
export function uniqueInOrder(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of ids) {
    const id = raw.toLowerCase();
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  }
  return out;
}

/** Keyset cursor over slugs (unique), opaque to clients. */
export const encodeSlugCursor = (slug: string): string => Buffer.from(slug, 'utf8').toString('base64url');

export function decodeSlugCursor(raw: string): string {
  const slug = Buffer.from(raw, 'base64url').toString('utf8');
  if (!isSlug(slug)) {
    throw invalid(ContributorErrorCode.CursorInvalid, 'The cursor is not valid.', [{ field: 'cursor', message: 'not a cursor returned by this API' }]);
  }
  return slug;
}
