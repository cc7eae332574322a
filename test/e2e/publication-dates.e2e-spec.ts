import { parseDocument, DomUtils } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp, responseHeader } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

/**
 * Issue 17 item 11: a republish is not a new publication. Lists, the RSS pubDate, the news
 * sitemap and /latest go by the first publication; the last republish shows as updatedAt and
 * the sitemap's lastmod.
 */

let t: TestApp;
let editor: Credential;
let key: string;
let w: World;
const c = () => t.http().set('X-Api-Key', key);
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  key = await contentKey(t, admin);
  w = await makeWorld(t, editor);
});
afterAll(() => t?.close());

async function published(extra: Record<string, unknown> = {}) {
  const r = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, extra));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  for (const action of ['submit', 'approve', 'publish']) expect((await act(t, editor, r.body.id, action)).status).toBe(200);
  return { id: r.body.id as string, slug: r.body.slug as string };
}

/** The piece went live `days` ago (an archive is older than the test): every record of its first publish moves back. */
async function firstPublishedDaysAgo(id: string, days: number): Promise<string> {
  const at = new Date(Math.floor((Date.now() - days * DAY) / 1000) * 1000);
  const iso = at.toISOString();
  await t.sql(`UPDATE articles SET first_published_at = $2, published_at = $2 WHERE id = $1`, [id, at]);
  await t.sql(
    `UPDATE published_articles SET published_at = $2, updated_at = $2,
            page = page || jsonb_build_object('publishedAt', $3::text, 'firstPublishedAt', $3::text, 'updatedAt', $3::text)
      WHERE article_id = $1`,
    [id, at, iso],
  );
  return iso;
}

async function fixDekTypo(id: string, extra: Record<string, unknown> = {}): Promise<void> {
  const current = await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth);
  const edit = await t
    .http()
    .patch(`/v1/admin/articles/${id}`)
    .set(editor.auth)
    .set('If-Match', responseHeader(current, 'etag'))
    .send({ dek: `${current.body.dek} (typo fixed)` });
  expect(edit.status, JSON.stringify(edit.body)).toBe(200);
  const republish = await act(t, editor, id, 'publish', extra);
  expect(republish.status, JSON.stringify(republish.body)).toBe(200);
}

const xmlItems = (text: string, tag: string) => DomUtils.getElementsByTagName(tag, parseDocument(text, { xmlMode: true }).children);
const textOf = (el: ReturnType<typeof xmlItems>[number], tag: string) => DomUtils.textContent(DomUtils.getElementsByTagName(tag, [el])[0]!);

describe('publication dates (issue 17 item 11)', () => {
  it('issue 17 item 11: a typo-fix republish of a two-month-old piece keeps its publication date; lists, RSS, news sitemap and latest go by first publication', async () => {
    const old = await published();
    const oldAt = await firstPublishedDaysAgo(old.id, 60);
    const middle = await published();
    const middleAt = await firstPublishedDaysAgo(middle.id, 1);
    const fresh = await published();
    const before = Date.now();

    await fixDekTypo(old.id);

    // the page: first publication stays, the republish is the update
    const page = await c().get(`/v1/content/articles/${old.slug}`);
    expect(page.status).toBe(200);
    expect(page.body.article.dek).toContain('(typo fixed)');
    expect(page.body.article.publishedAt).toBe(oldAt);
    expect(page.body.article.firstPublishedAt).toBe(oldAt);
    expect(Date.parse(page.body.article.updatedAt)).toBeGreaterThanOrEqual(before - 1000);

    // /latest and the filtered lists: newest first publication first, keyset pages and all
    const order = [fresh.id, middle.id, old.id];
    const walk = async (path: string, items: (b: Record<string, unknown>) => { items: { articleId: string; publishedAt: string }[]; nextCursor: string | null }) => {
      const seen: { articleId: string; publishedAt: string }[] = [];
      let cursor: string | null = null;
      do {
        const r = await c().get(`${path}${path.includes('?') ? '&' : '?'}limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        const p = items(r.body);
        seen.push(...p.items);
        cursor = p.nextCursor;
      } while (cursor);
      return seen;
    };
    const sectionSlug = (await t.sql<{ slug: string }>(`SELECT slug FROM sections WHERE id = $1`, [w.sectionId]))[0]!.slug;
    const latest = await walk('/v1/content/latest', (b) => b as never);
    expect(latest.map((i) => i.articleId)).toEqual(order);
    expect(latest.find((i) => i.articleId === old.id)!.publishedAt).toBe(oldAt);
    expect((await walk(`/v1/content/articles?section=${sectionSlug}`, (b) => b as never)).map((i) => i.articleId)).toEqual(order);
    expect((await walk(`/v1/content/sections/${sectionSlug}`, (b) => b.articles as never)).map((i) => i.articleId)).toEqual(order);

    // RSS: the same order, pubDate the first publication
    const rss = await t.http().get('/feed.xml');
    const items = xmlItems(rss.text, 'item');
    expect(items.map((i) => textOf(i, 'guid'))).toEqual(order);
    expect(textOf(items[2]!, 'pubDate')).toBe(new Date(oldAt).toUTCString());
    expect(textOf(items[1]!, 'pubDate')).toBe(new Date(middleAt).toUTCString());

    // Google News (48 hours): the two-month-old piece stays out however recently it was fixed
    const news = await t.http().get('/news-sitemap.xml');
    const newsLocs = xmlItems(news.text, 'url').map((u) => textOf(u, 'loc'));
    expect(newsLocs.some((l) => l.endsWith(`/${old.slug}`))).toBe(false);
    expect(newsLocs.some((l) => l.endsWith(`/${middle.slug}`))).toBe(true);

    // the sitemap's lastmod is the republish
    const map = await t.http().get('/sitemap.xml');
    const entry = xmlItems(map.text, 'url').find((u) => textOf(u, 'loc').endsWith(`/${old.slug}`))!;
    expect(Date.parse(textOf(entry, 'lastmod'))).toBeGreaterThanOrEqual(before - 1000);
  });

  it('issue 17 item 11: a republish marked as a substantive update shows as an update, never as a new publication date', async () => {
    const first = await published();
    // a first publication is the publication: the mark is refused there
    const refused = await act(t, editor, first.id, 'unpublish');
    expect(refused.status).toBe(200);
    const again = await act(t, editor, first.id, 'publish', { substantiveUpdate: true });
    expect(again.status).toBe(400);
    expect(again.body.error.details).toEqual([expect.objectContaining({ field: 'substantiveUpdate' })]);
    expect((await act(t, editor, first.id, 'publish')).status).toBe(200);

    const piece = await published();
    const at = await firstPublishedDaysAgo(piece.id, 30);
    const newer = await published();
    const before = Date.now();
    await fixDekTypo(piece.id, { substantiveUpdate: true });
    const page = await c().get(`/v1/content/articles/${piece.slug}`);
    expect(page.body.article.publishedAt).toBe(at);
    const marked = page.body.article.substantiveUpdateAt as string;
    expect(Date.parse(marked)).toBeGreaterThanOrEqual(before - 1000);
    const latest = (await c().get('/v1/content/latest?limit=100')).body.items.map((i: { articleId: string }) => i.articleId);
    expect(latest.indexOf(newer.id)).toBeLessThan(latest.indexOf(piece.id));
    const news = await t.http().get('/news-sitemap.xml');
    expect(xmlItems(news.text, 'url').some((u) => textOf(u, 'loc').endsWith(`/${piece.slug}`))).toBe(false);

    // a later typo fix is an update of the page, and the substantive update stays the one marked
    await fixDekTypo(piece.id);
    const later = await c().get(`/v1/content/articles/${piece.slug}`);
    expect(later.body.article.substantiveUpdateAt).toBe(marked);
    expect(later.body.article.publishedAt).toBe(at);
  });
});
