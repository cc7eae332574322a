import type { Credential, TestApp } from './app-harness.js';

export interface LivePage {
  headline: string;
  slug: string;
  /** The page's `article` object as the content API serves it. */
  page: Record<string, unknown>;
}

/**
 * Is the piece live, and what does the public see? Asked the way a front-end asks: the content
 * API, at the piece's current slug (from the admin API); undefined unless it serves this piece. Run the
 * app with `CONTENT_CACHE_MAX_MB: '0'` so a change is seen on the next request, not after the
 * cache's NOTIFY.
 */
export async function livePage(t: TestApp, key: string, staff: Credential, articleId: string): Promise<LivePage | undefined> {
  const admin = await t.http().get(`/v1/admin/articles/${articleId}`).set(staff.auth);
  if (admin.status !== 200) throw new Error(`GET /v1/admin/articles/${articleId}: ${admin.status} ${JSON.stringify(admin.body)}`);
  const slug = admin.body.slug as string;
  const r = await t
    .http()
    .get(`/v1/content/articles/${encodeURIComponent(slug)}`)
    .set('X-Api-Key', key);
  // 404: nothing live there; 301: the slug is an old one of another live piece
  if (r.status === 404 || r.status === 301) return undefined;
  if (r.status !== 200) throw new Error(`GET /v1/content/articles/${slug}: ${r.status} ${JSON.stringify(r.body)}`);
  const page = r.body.article as Record<string, unknown>;
  // a draft may carry the slug of another piece that is live
  if (page.articleId !== articleId) return undefined;
  return { headline: page.headline as string, slug: page.slug as string, page };
}
