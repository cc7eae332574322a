import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '#libs/config';
import { strongEtag, type CachedResponse } from '#libs/publication';
import { decodeCursor, isSlug, SLUG_PATTERN } from '#libs/kernel';
import { corsVaries } from '../../http/cors.js';
import { isStorableText } from '../../http/json-body.js';
import { ArticlePageQuery, ListQuery, maxLengthOf } from './content.dto.js';

/** CDNs cap the Surrogate-Key header (16 KB at the strictest); we stay well below. */
export const SURROGATE_KEY_MAX_CHARS = 8_000;

/**
 * RULE: the keys a response carries, in order, up to SURROGATE_KEY_MAX_CHARS; the collective
 * keys ('home', 'sections', 'corrections', section-/tag-/contributor-) come first in every
 * caller, so what a cut drops is per-article keys of a long list, which 'home' also covers.
 */
export function capSurrogateKeys(keys: readonly string[]): string[] {
  const kept: string[] = [];
  // an article page has about a dozen keys: a scan of those is cheaper than building a Set
  const seen = keys.length > 32 ? new Set<string>() : null;
  let length = 0;
  for (const k of keys) {
    if (seen ? seen.has(k) : kept.includes(k)) continue;
    if (length + k.length + 1 > SURROGATE_KEY_MAX_CHARS) break;
    kept.push(k);
    seen?.add(k);
    length += k.length + 1;
  }
  return kept;
}

/**
 * A JSON response from bytes already serialized (the article page copies stored JSON text); its
 * strong ETag is a hash of the body unless the caller already holds one for exactly these bytes.
 */
export const jsonBytes = (status: number, body: Buffer, surrogateKeys: string[], etag = strongEtag(body)): CachedResponse => ({
  status,
  body,
  contentType: 'application/json; charset=utf-8',
  etag,
  surrogateKeys: capSurrogateKeys(surrogateKeys),
});

export const json = (status: number, payload: unknown, surrogateKeys: string[]): CachedResponse => jsonBytes(status, Buffer.from(JSON.stringify(payload)), surrogateKeys);

/** An error response that may be cached: every answer adds its own request id (`bodyOf`). */
export const errorResponse = (status: number, code: string, message: string, surrogateKeys: string[]): CachedResponse => {
  const error = { code, message, details: [] };
  return { ...json(status, { error }, surrogateKeys), error };
};

/** The bytes to send: the body, or for an error the envelope with this answer's request id. */
const bodyOf = (r: CachedResponse, requestId: string): Buffer => (r.error ? Buffer.from(JSON.stringify({ error: { ...r.error, requestId } })) : r.body);

export const xml = (text: string, surrogateKeys: string[]): CachedResponse => {
  const body = Buffer.from(text);
  return { status: 200, body, contentType: 'application/xml; charset=utf-8', etag: strongEtag(body), surrogateKeys };
};

export const redirect = (location: string, surrogateKeys: string[]): CachedResponse => {
  const body = Buffer.from(JSON.stringify({ location }));
  return { status: 301, body, contentType: 'application/json; charset=utf-8', etag: strongEtag(body), surrogateKeys, location };
};

/** RULE: If-None-Match matches when any listed tag (or *) equals ours; weak prefixes ignored. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '');
    return v === '*' || v === etag;
  });
}

/** At most this long may a CDN or browser keep a 404: the URL may come to life any moment. */
export const NOT_FOUND_MAX_AGE_S = 10;

/**
 * RULE: a content response is public for CONTENT_MAX_AGE plus CONTENT_STALE_WHILE_REVALIDATE;
 * a 404 for at most NOT_FOUND_MAX_AGE_S and never stale (its Surrogate-Key lets a publish purge
 * it sooner); a preview is private.
 */
export function cacheControlOf(status: number, config: Pick<AppConfig, 'contentMaxAgeS' | 'contentSwrS'>, privateResponse = false): string {
  if (privateResponse) return 'private, no-store';
  if (status === 404) return `public, max-age=${Math.min(NOT_FOUND_MAX_AGE_S, config.contentMaxAgeS)}`;
  return `public, max-age=${config.contentMaxAgeS}, stale-while-revalidate=${config.contentSwrS}`;
}

/** The caching headers of a content response (everything but content-type and length). */
export function contentHeaders(r: CachedResponse, config: AppConfig, privateResponse = false): Record<string, string> {
  const h: Record<string, string> = {
    etag: r.etag,
    'cache-control': cacheControlOf(r.status, config, privateResponse),
  };
  if (r.surrogateKeys.length) h['surrogate-key'] = r.surrogateKeys.join(' ');
  h.vary = corsVaries(config.contentCors) ? 'Accept-Encoding, Origin' : 'Accept-Encoding';
  if (r.location) h.location = r.location;
  return h;
}

/** RULE: a 200 the client already holds (If-None-Match) is answered 304 without a body. */
export const notModified = (headers: { 'if-none-match'?: string }, r: CachedResponse): boolean => r.status === 200 && matchesIfNoneMatch(headers['if-none-match'], r.etag);

/** Sends a rendered content response with caching headers; 304 when the client has it. */
export function sendContent(req: FastifyRequest, reply: FastifyReply, r: CachedResponse, config: AppConfig, privateResponse = false): void {
  void reply.headers(contentHeaders(r, config, privateResponse));
  if (notModified(req.headers, r)) {
    void reply.status(304).send();
    return;
  }
  void reply
    .status(r.status)
    .header('content-type', r.contentType)
    .send(r.tail ? Buffer.concat([r.body, r.tail]) : bodyOf(r, req.id));
}

/** The same response written on the raw Node response (the front door's fast path). */
export function writeContent(req: IncomingMessage, res: ServerResponse, r: CachedResponse, config: AppConfig, requestId: string): void {
  const h = contentHeaders(r, config);
  h['x-request-id'] = requestId;
  if (notModified(req.headers, r)) {
    res.writeHead(304, h).end();
    return;
  }
  h['content-type'] = r.contentType;
  if (r.error) {
    const body = bodyOf(r, requestId);
    h['content-length'] = String(body.length);
    res.writeHead(r.status, h).end(body);
    return;
  }
  h['content-length'] = String(r.body.length + (r.tail?.length ?? 0));
  res.writeHead(r.status, h);
  if (r.tail) {
    // one writev for the head and both chunks
    res.cork();
    res.write(r.body);
    res.end(r.tail);
    res.uncork();
  } else res.end(r.body);
}

const ARTICLE_PAGE = /^\/v1\/content\/articles\/[^/?]+$/;

/** A content URL with its query parsed once (the fast path needs the key, reader and cache key). */
export interface ContentUrl {
  path: string;
  params: URLSearchParams | null;
}

export const parseContentUrl = (url: string): ContentUrl => {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, params: null } : { path: url.slice(0, q), params: new URLSearchParams(url.slice(q + 1)) };
};

/**
 * The cache key: path plus the query without the API key, sorted by name. An article page is
 * cached once for every reader: `reader` only picks the donation banners, added per request.
 */
export function cacheKey(u: ContentUrl): string {
  if (!u.params) return u.path;
  const dropReader = ARTICLE_PAGE.test(u.path);
  const kept = new URLSearchParams([...u.params].filter(([k]) => k !== 'key' && !(dropReader && k === 'reader')));
  kept.sort();
  const rest = kept.toString();
  return rest ? `${u.path}?${rest}` : u.path;
}

/** The content API key a request carries, if any. */
export function apiKeyOf(req: { headers: IncomingHttpHeaders }, u: ContentUrl): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string') return header;
  return u.params?.get('key') ?? undefined;
}

// the full pipeline's limits, read from the DTO it validates with
const READER_MAX_CHARS = maxLengthOf(ArticlePageQuery, 'reader');
const KEY_MAX_CHARS = maxLengthOf(ArticlePageQuery, 'key');

/**
 * The `reader` of an article page URL, as the full pipeline would accept it (at most once, at
 * most `ArticlePageQuery.reader`'s length, storable text); `false` when it would not, so the
 * caller leaves the request to it.
 */
export function readerOf(u: ContentUrl): string | undefined | false {
  const readers = u.params?.getAll('reader') ?? [];
  if (readers.length > 1) return false;
  const r = readers[0];
  if (r !== undefined && (r.length > READER_MAX_CHARS || !isStorableText(r))) return false;
  return r;
}

const ARTICLE_SLUG = /^\/v1\/content\/articles\/([^/]+)$/;
const ARTICLE_QUERY = new Set(['key', 'reader']);

/**
 * An article page request the fast path may answer itself, cached or not: a slug the full
 * pipeline accepts and a query of at most one `key` and one `reader` (within ArticlePageQuery's
 * limits). Null for
 * anything else (an unknown parameter, a repeated one, an encoded slug), which the full
 * pipeline answers - usually with the 400 naming what is wrong.
 */
export function articlePageRequest(u: ContentUrl): { slug: string; reader: string | undefined } | null {
  const m = ARTICLE_SLUG.exec(u.path);
  if (!m || !isSlug(m[1]!)) return null;
  if (u.params) {
    const names = [...u.params.keys()];
    if (names.some((n) => !ARTICLE_QUERY.has(n)) || new Set(names).size !== names.length) return null;
    const key = u.params.get('key');
    if (key !== null && (key.length > KEY_MAX_CHARS || !isStorableText(key))) return null;
  }
  const reader = readerOf(u);
  return reader === false ? null : { slug: m[1]!, reader };
}

const LIST_PATHS: Record<string, ReadonlySet<string>> = {
  '/v1/content/latest': new Set(['key', 'limit', 'cursor']),
  '/v1/content/articles': new Set(['key', 'limit', 'cursor', 'section', 'tag', 'contributor', 'type']),
};
const LIMIT = /^(?:[1-9]\d?|100)$/;
const CURSOR_MAX_CHARS = maxLengthOf(ListQuery, 'cursor');
const FILTER_MAX_CHARS = maxLengthOf(ListQuery, 'section');

/**
 * A card list request the fast path may answer itself (the LATEST rail, the article list):
 * parameters among `key`, `limit`, `cursor` and (the list) the four slug filters, each at most
 * once and spelled as the full pipeline accepts it (a plain 1-100 limit, a cursor this API
 * issued, slugs within ListQuery's limits). Null for anything else (`exclude=`, `fields=`, a
 * limit of `020`, an unknown parameter), which the full pipeline answers.
 */
export function cardListRequest(u: ContentUrl): ListQuery | null {
  const allowed = LIST_PATHS[u.path];
  if (!allowed) return null;
  const q: ListQuery = {};
  if (!u.params) return q;
  const names = [...u.params.keys()];
  if (names.some((n) => !allowed.has(n)) || new Set(names).size !== names.length) return null;
  for (const [name, value] of u.params) {
    if (name === 'key') {
      if (value.length > KEY_MAX_CHARS || !isStorableText(value)) return null;
    } else if (name === 'limit') {
      if (!LIMIT.test(value)) return null;
      q.limit = Number(value);
    } else if (name === 'cursor') {
      if (value.length > CURSOR_MAX_CHARS) return null;
      try {
        decodeCursor(value);
      } catch {
        return null;
      }
      q.cursor = value;
    } else {
      if (value.length > FILTER_MAX_CHARS || !SLUG_PATTERN.test(value)) return null;
      q[name as 'section' | 'tag' | 'contributor' | 'type'] = value;
    }
  }
  return q;
}
