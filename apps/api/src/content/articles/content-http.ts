import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '#libs/config';
import { strongEtag, type CachedResponse } from '#libs/publication';

export const json = (status: number, payload: unknown, surrogateKeys: string[]): CachedResponse => {
  const body = JSON.stringify(payload);
  return { status, body, contentType: 'application/json; charset=utf-8', etag: strongEtag(body), surrogateKeys };
};

export const xml = (body: string, surrogateKeys: string[]): CachedResponse => ({
  status: 200,
  body,
  contentType: 'application/xml; charset=utf-8',
  etag: strongEtag(body),
  surrogateKeys,
});

export const redirect = (location: string, surrogateKeys: string[]): CachedResponse => {
  const body = JSON.stringify({ location });
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

/** Sends a rendered content response with caching headers; 304 when the client has it. */
export function sendContent(req: FastifyRequest, reply: FastifyReply, r: CachedResponse, config: AppConfig, privateResponse = false): void {
  void reply.header('etag', r.etag);
  void reply.header(
    'cache-control',
    privateResponse ? 'private, no-store' : `public, max-age=${config.contentMaxAgeS}, stale-while-revalidate=${config.contentSwrS}`,
  );
  if (r.surrogateKeys.length) void reply.header('surrogate-key', r.surrogateKeys.join(' '));
  void reply.header('vary', 'Accept-Encoding');
  if (r.location) void reply.header('location', r.location);
  if (r.status === 200 && matchesIfNoneMatch(req.headers['if-none-match'], r.etag)) {
    void reply.status(304).send();
    return;
  }
  void reply.status(r.status).header('content-type', r.contentType).send(r.body);
}
