import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '#libs/config';
import type { ApiKeysService } from '#libs/identity';
import type { ContentCache } from '#libs/publication';
import type { ArticleExtras } from './article-extras.js';
import { apiKeyOf, cacheKey, parseContentUrl, readerOf, sendContent } from './content-http.js';

/**
 * Serves a content response straight from this instance's cache, before routing, guards and
 * pipes run: a cache entry exists only for a URL the full pipeline already answered, so the
 * only check left is the API key (feeds are public). Anything else - a miss, a missing or bad
 * key - falls through to Nest, which answers exactly as it would have.
 */
export function installContentFastPath(fastify: FastifyInstance, cache: ContentCache, apiKeys: ApiKeysService, extras: ArticleExtras, config: AppConfig): void {
  fastify.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET') return;
    const isApi = req.url.startsWith('/v1/content/');
    if (!isApi && !/^\/(feed|sitemap|news-sitemap)\.xml(\?|$)/.test(req.url)) return;
    const url = parseContentUrl(req.url);
    const hit = cache.peek(cacheKey(url));
    if (!hit) return;
    const reader = hit.articleContext ? readerOf(url) : undefined;
    if (reader === false) return;
    if (isApi) {
      const key = apiKeyOf(req, url);
      if (!key) return;
      try {
        await apiKeys.verify(key);
      } catch {
        return;
      }
    }
    sendContent(req, reply, hit.articleContext ? await extras.personalize(hit, reader) : hit, config);
    return reply;
  });
}
