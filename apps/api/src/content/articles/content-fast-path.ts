import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '#libs/config';
import type { ApiKeysService } from '#libs/identity';
import type { CachedResponse, ContentCache } from '#libs/publication';
import type { FrontHandler } from '../../http/front-door.js';
import type { ArticleExtras } from './article-extras.js';
import type { ContentPagesService } from './content-pages.service.js';
import { apiKeyOf, articlePageRequest, cacheKey, cardListRequest, parseContentUrl, writeContent, type ContentUrl } from './content-http.js';
import type { ListQuery } from './content.dto.js';

const FEED = /^\/(feed|sitemap|news-sitemap)\.xml(\?|$)/;

/**
 * Answers the hottest content requests in the front door, before Fastify:
 * - any content response already in this instance's cache: an entry exists only for a URL the
 *   full pipeline answered, so the only check left is the API key (feeds are public);
 * - an article page, cached or not, when its slug and query are ones the full pipeline accepts
 *   (`articlePageRequest`): it renders through the same cache and service the controller uses;
 * - a card list (the LATEST rail, the article list), cached or not, on the same terms
 *   (`cardListRequest`), with an API key (a bearer token, the desk's, goes to the controller,
 *   which answers it `private`).
 * Anything else - another method, an unknown query parameter, a missing or bad key, an error
 * while rendering - goes on to Fastify and Nest, which answer exactly as they would have (a 400,
 * 401 or 503 with its error body).
 */
export function contentFastPath(deps: { cache: ContentCache; apiKeys: ApiKeysService; pages: ContentPagesService; extras: ArticleExtras; config: AppConfig }): FrontHandler {
  const { cache, apiKeys, pages, extras, config } = deps;
  const keyValid = async (req: IncomingMessage, url: ContentUrl): Promise<boolean> => {
    const key = apiKeyOf(req, url);
    if (!key) return false;
    try {
      await apiKeys.verify(key);
      return true;
    } catch {
      return false;
    }
  };

  const answer = async (
    req: IncomingMessage,
    url: ContentUrl,
    hit: CachedResponse | undefined,
    article: ReturnType<typeof articlePageRequest>,
    list: ListQuery | null,
    key: string,
    isApi: boolean,
  ) => {
    if (isApi && !(await keyValid(req, url))) return null;
    let r = hit ?? (await cache.get(key, () => (list ? pages.list(list) : pages.articlePage(article!.slug))));
    if (r.articleContext) r = await extras.personalize(r, article?.reader);
    return r;
  };

  return (req, res, next, requestId) => {
    const raw = req.url ?? '';
    if (req.method !== 'GET') return next();
    const isApi = raw.startsWith('/v1/content/');
    if (!isApi && !FEED.test(raw)) return next();
    const url = parseContentUrl(raw);
    const key = cacheKey(url);
    const hit = cache.peek(key);
    const article = isApi && (!hit || hit.articleContext) ? articlePageRequest(url) : null;
    const list = isApi && !hit && !article && !req.headers.authorization ? cardListRequest(url) : null;
    if (hit ? hit.articleContext && !article : !article && !list) return next();
    answer(req, url, hit, article, list, key, isApi).then(
      (r) => (r ? writeContent(req, res, r, config, requestId()) : next()),
      () => next(),
    );
  };
}
