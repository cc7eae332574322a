import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppConfig } from '#libs/config';
import type { ApiKeysService } from '#libs/identity';
import type { CachedResponse, ContentCache } from '#libs/publication';
import type { ArticleExtras } from './article-extras.js';
import type { ContentPagesService } from './content-pages.service.js';
import { apiKeyOf, articlePageRequest, cacheKey, parseContentUrl, sendContent, type ContentUrl } from './content-http.js';

const FEED = /^\/(feed|sitemap|news-sitemap)\.xml(\?|$)/;

/**
 * Answers the hottest content requests before routing, guards and pipes run:
 * - any content response already in this instance's cache: an entry exists only for a URL the
 *   full pipeline answered, so the only check left is the API key (feeds are public);
 * - an article page, cached or not, when its slug and query are ones the full pipeline accepts
 *   (`articlePageRequest`): it renders through the same cache and service the controller uses.
 * Anything else - an unknown query parameter, a missing or bad key, an error while rendering -
 * falls through to Nest, which answers exactly as it would have (a 400, 401 or 503 with its
 * error body).
 */
export function installContentFastPath(
  fastify: FastifyInstance,
  deps: { cache: ContentCache; apiKeys: ApiKeysService; pages: ContentPagesService; extras: ArticleExtras; config: AppConfig },
): void {
  const { cache, apiKeys, pages, extras, config } = deps;
  const keyValid = async (req: FastifyRequest, url: ContentUrl): Promise<boolean> => {
    const key = apiKeyOf(req, url);
    if (!key) return false;
    try {
      await apiKeys.verify(key);
      return true;
    } catch {
      return false;
    }
  };

  fastify.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET') return;
    const isApi = req.url.startsWith('/v1/content/');
    if (!isApi && !FEED.test(req.url)) return;
    const url = parseContentUrl(req.url);
    const key = cacheKey(url);
    const hit = cache.peek(key);
    const article = isApi && (!hit || hit.articleContext) ? articlePageRequest(url) : null;
    if (hit ? hit.articleContext && !article : !article) return;
    if (isApi && !(await keyValid(req, url))) return;
    let r: CachedResponse;
    try {
      r = hit ?? (await cache.get(key, () => pages.articlePage(article!.slug)));
      if (r.articleContext) r = await extras.personalize(r, article?.reader);
    } catch {
      return;
    }
    sendContent(req, reply, r, config);
    return reply;
  });
}
