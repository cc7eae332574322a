import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '#libs/config';
import { errorBody } from './error-body.js';

/**
 * CORS for the content surface only (`/v1/content/**`: reads, the newsletter signup, banner
 * events), from `CONTENT_CORS_ORIGINS`. Actual responses get their headers on the raw response
 * as the request arrives, so the content fast path and Fastify both send them; preflights are
 * answered by one route. Nothing else (the admin surface, /v1/auth, /desk, /docs) ever sends a
 * CORS header, and a preflight there stays 404. No credentials: the content API key travels in
 * `X-Api-Key`, never in a cookie.
 */
export type CorsPolicy = AppConfig['contentCors'];

export const CORS_ORIGIN_NOT_ALLOWED = 'CORS_ORIGIN_NOT_ALLOWED';

const ALLOW_METHODS = 'GET, HEAD, POST';
/** Request headers a front-end may send (the API key, JSON bodies, conditional reads, tracing). */
const ALLOW_HEADERS = 'X-Api-Key, Content-Type, If-None-Match, X-Request-Id';
/** Response headers a front-end may read besides the CORS-safelisted ones. */
const EXPOSE_HEADERS = 'ETag, X-Request-Id, Retry-After, Location';
const PREFLIGHT_MAX_AGE_S = '600';

/** RULE: the content surface is `/v1/content` and everything under it. */
export function isContentPath(url: string | undefined): boolean {
  if (!url) return false;
  return url === '/v1/content' || url.startsWith('/v1/content/') || url.startsWith('/v1/content?');
}

/** RULE: the `Access-Control-Allow-Origin` value for a request's Origin, or null (not allowed). */
export function allowedOrigin(policy: CorsPolicy, origin: string | undefined): string | null {
  if (!origin) return null;
  if (policy.any) return '*';
  return policy.origins.includes(origin.toLowerCase()) ? origin : null;
}

/** RULE: responses that differ by Origin must say so to caches (a listed origin is echoed; `*` is the same for all). */
export const corsVaries = (policy: CorsPolicy): boolean => !policy.any && policy.origins.length > 0;

/** Adds the CORS headers of allowed origins to every content-surface response of `server`. */
export function installContentCors(server: Server, policy: CorsPolicy): Server {
  if (!policy.any && !policy.origins.length) return server;
  const vary = corsVaries(policy);
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!isContentPath(req.url)) return;
    if (vary) res.setHeader('vary', 'Origin');
    const allow = allowedOrigin(policy, req.headers.origin);
    if (!allow) return;
    res.setHeader('access-control-allow-origin', allow);
    res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
  });
  return server;
}

/** Answers preflights (`OPTIONS`) on the content surface: 204 for a listed origin, else 403 CORS_ORIGIN_NOT_ALLOWED. */
export function registerContentPreflight(fastify: FastifyInstance, policy: CorsPolicy): void {
  const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const origin = req.headers.origin;
    if (!origin) {
      // a plain OPTIONS (no browser): what the path accepts
      await reply.status(204).header('allow', `${ALLOW_METHODS}, OPTIONS`).send();
      return;
    }
    if (!allowedOrigin(policy, origin)) {
      await reply
        .status(403)
        .header('content-type', 'application/json; charset=utf-8')
        .send(errorBody(CORS_ORIGIN_NOT_ALLOWED, 'This origin may not call the content API from a browser (CONTENT_CORS_ORIGINS).', [], { requestId: req.id }));
      return;
    }
    await reply
      .status(204)
      .header('access-control-allow-methods', ALLOW_METHODS)
      .header('access-control-allow-headers', ALLOW_HEADERS)
      .header('access-control-max-age', PREFLIGHT_MAX_AGE_S)
      .send();
  };
  fastify.options('/v1/content', handler);
  fastify.options('/v1/content/*', handler);
}
