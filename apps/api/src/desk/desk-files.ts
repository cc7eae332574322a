import { extname } from 'node:path';
import { IFRAME_HOSTS } from '#libs/articles';

/** Hashed build assets only: `/desk/assets/<name>-<hash>.<ext>`; nothing with a path in it. */
export const ASSET_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(?:js|css|svg|png|woff2|map)$/;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export const assetType = (name: string): string => TYPES[extname(name)] ?? 'application/octet-stream';

/** Hashed names never change content: a year, immutable. */
export const ASSET_CACHE = 'public, max-age=31536000, immutable';
/** The HTML names the current hashes: always revalidated. */
export const INDEX_CACHE = 'no-cache';

/**
 * RULE: the desk's HTML runs only its own bundled scripts and styles (no inline code, no eval);
 * it talks to this origin only; it cannot be framed. Images may come from any https origin (the
 * library holds images registered by URL) and from the image base URL.
 */
export function deskCsp(imageBaseUrl: string): string {
  let imageOrigin = '';
  try {
    imageOrigin = new URL(imageBaseUrl).origin;
  } catch {
    imageOrigin = '';
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' blob: data: https:${imageOrigin && !imageOrigin.startsWith('https:') ? ` ${imageOrigin}` : ''}`,
    "font-src 'self'",
    "connect-src 'self'",
    // the preview shows a body's allowlisted embeds (the editor shows them as boxes)
    `frame-src ${IFRAME_HOSTS.map((h) => `https://${h}`).join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Writes the newsroom's time zone into the built page's `<meta name="newsroom-time-zone">`. */
export function withTimeZone(indexHtml: string, timeZone: string): string {
  return indexHtml.replace(/(<meta name="newsroom-time-zone" content=")[^"]*(")/, `$1${escapeAttr(timeZone)}$2`);
}
