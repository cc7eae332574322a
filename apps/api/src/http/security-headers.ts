import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Response headers every answer carries (JSON, XML feeds, media, the docs' HTML), set on the
 * raw response as the request arrives, so the content fast path and Fastify both send them. A
 * route that needs its own policy (the OpenAPI UI under /docs, the desk's app, media files)
 * sets its own `Content-Security-Policy` and replaces the default: a header a route sets wins.
 */

/** RULE: an API answer runs nothing, loads nothing and may not be framed. */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** RULE: the OpenAPI UI runs its own scripts and styles and calls its own document, nothing else. */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** RULE: HSTS only when the public origin is https (a browser would otherwise refuse plain http for a year). */
export function securityHeaders(publicBaseUrl: string): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy': DEFAULT_CSP,
    'referrer-policy': 'no-referrer',
  };
  if (publicBaseUrl.startsWith('https://')) headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}

/** Sets `headers` on every response of `server` before any handler runs (a later `setHeader`/`writeHead` of a route replaces one). */
export function installSecurityHeaders(server: Server, headers: Record<string, string>): Server {
  const entries = Object.entries(headers);
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of entries) res.setHeader(name, value);
  });
  return server;
}
