import { parseDocument } from 'htmlparser2';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp, responseHeader } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

let t: TestApp;
let admin: Credential;
let editor: Credential;
let key: string;
let w: World;
const c = () => t.http().set('X-Api-Key', key);

async function article(stage: 'draft' | 'in_review' | 'approved' | 'scheduled' | 'published' | 'unpublished' | 'archived', extra: Record<string, unknown> = {}) {
  const r = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, extra));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id = r.body.id as string;
  const steps: Record<string, [string, Record<string, unknown>?][]> = {
    draft: [],
    in_review: [['submit']],
    approved: [['submit'], ['approve']],
    scheduled: [['submit'], ['approve'], ['schedule', { at: new Date(Date.now() + 86_400_000).toISOString() }]],
    published: [['submit'], ['approve'], ['publish']],
    unpublished: [['submit'], ['approve'], ['publish'], ['unpublish']],
    archived: [['submit'], ['approve'], ['publish'], ['unpublish'], ['archive']],
  };
  for (const [action, body] of steps[stage]!) {
    const res = await act(t, editor, id, action, body);
    expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
  }
  return { id, slug: r.body.slug as string, headline: r.body.headline as string };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  key = await contentKey(t, admin);
  w = await makeWorld(t, editor);
});
afterAll(() => t?.close());

describe('published data only, by construction', () => {
  it('no draft, review, approved, scheduled, unpublished or archived piece is reachable through any route, filter, search or feed', async () => {
    const secret = 'zanzibarquokka';
    const hidden = await Promise.all((['draft', 'in_review', 'approved', 'scheduled', 'unpublished', 'archived'] as const).map((s) => article(s, { dek: `${secret} ${s}` })));
    const visible = await article('published', { dek: `${secret} published` });
    const sectionSlug =
      (await t.http().get(`/v1/admin/sections`).set(editor.auth)).body.items?.find?.((s: { id: string }) => s.id === w.sectionId)?.slug ??
      (await t.sql<{ slug: string }>(`SELECT slug FROM sections WHERE id = $1`, [w.sectionId]))[0]!.slug;
    const tagSlug = (await t.sql<{ slug: string }>(`SELECT slug FROM tags WHERE id = $1`, [w.tagIds[0]]))[0]!.slug;
    const contributorSlug = (await t.sql<{ slug: string }>(`SELECT slug FROM contributors WHERE id = $1`, [w.contributorId]))[0]!.slug;

    const bodies: string[] = [];
    for (const path of [
      '/v1/content/latest?limit=100',
      '/v1/content/articles?limit=100',
      `/v1/content/articles?section=${sectionSlug}&limit=100`,
      `/v1/content/articles?tag=${tagSlug}&limit=100`,
      `/v1/content/articles?contributor=${contributorSlug}&limit=100`,
      `/v1/content/sections/${sectionSlug}?limit=100`,
      `/v1/content/tags/${tagSlug}?limit=100`,
      `/v1/content/contributors/${contributorSlug}?limit=100`,
      `/v1/content/search?q=${secret}&limit=100`,
      '/v1/content/corrections',
      '/feed.xml',
      `/feed.xml?section=${sectionSlug}`,
      '/sitemap.xml',
      '/news-sitemap.xml',
    ]) {
      const r = await c().get(path);
      expect(r.status, path).toBe(200);
      bodies.push(r.text);
    }
    const all = bodies.join('\n');
    expect(all).toContain(visible.id);
    for (const h of hidden) {
      expect(all).not.toContain(h.id);
      expect(all).not.toContain(h.slug);
      expect(all).not.toContain(h.headline);
      expect((await c().get(`/v1/content/articles/${h.slug}`)).status).toBe(404);
      expect((await c().get(`/v1/content/articles/${h.id}`)).status).toBe(404);
    }
    const search = await c().get(`/v1/content/search?q=${secret}`);
    expect(search.body.items.map((i: { articleId: string }) => i.articleId)).toEqual([visible.id]);
    expect(search.body.items[0].snippet).toContain(`<mark>${secret}</mark>`);
  });

  it('the article page carries the whole piece, and needs a key', async () => {
    const a = await article('published');
    const r = await c().get(`/v1/content/articles/${a.slug}`);
    expect(r.status).toBe(200);
    expect(r.body.article).toMatchObject({
      headline: a.headline,
      kicker: expect.stringMatching(/^Analysis .* \| Europe /),
      bylines: [expect.objectContaining({ name: expect.stringContaining('Ada Writer'), title: 'Senior fellow, Example Institute' })],
      tags: expect.arrayContaining([expect.objectContaining({ name: expect.stringContaining('Emmanuel Macron') })]),
      corrections: [],
    });
    expect(r.body).toHaveProperty('relatedStories');
    expect(r.body).toHaveProperty('donationBanners');
    expect(r.body).toHaveProperty('newsletterBox');
    expect(r.headers['cache-control']).toMatch(/public, max-age=\d+, stale-while-revalidate=\d+/);
    expect(r.headers['surrogate-key']).toContain(`article-${a.id}`);
    expect((await t.http().get(`/v1/content/articles/${a.slug}`)).status).toBe(401);
    expect((await t.http().get(`/v1/content/articles/${a.slug}?key=${key}`)).status).toBe(200);
    expect((await t.http().get(`/v1/content/articles/${a.slug}`).set('X-Api-Key', 'ncms_wrong')).status).toBe(401);
  });
});

describe('HTTP caching', () => {
  it('a cached page is still refused without a key, with a wrong one, and after revocation', async () => {
    const a = await article('published');
    const own = await contentKey(t, admin);
    expect((await t.http().get(`/v1/content/articles/${a.slug}`).set('X-Api-Key', own)).status).toBe(200);
    expect((await t.http().get(`/v1/content/articles/${a.slug}`).set('X-Api-Key', own)).status).toBe(200); // stored (second miss)
    expect((await t.http().get(`/v1/content/articles/${a.slug}`).set('X-Api-Key', own)).status).toBe(200); // from the cache
    expect((await t.http().get(`/v1/content/articles/${a.slug}`)).status).toBe(401);
    expect((await t.http().get(`/v1/content/articles/${a.slug}`).set('X-Api-Key', `${own}x`)).status).toBe(401);
    const keys = await t.http().get('/v1/admin/api-keys').set(admin.auth);
    const id = keys.body.find((k: { keyPrefix: string }) => own.startsWith(k.keyPrefix)).id;
    await t.http().delete(`/v1/admin/api-keys/${id}`).set(admin.auth);
    const revoked = await t.http().get(`/v1/content/articles/${a.slug}`).set('X-Api-Key', own);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('API_KEY_INVALID');
  });

  it('an article page answered before routing (cached or not) refuses what the full pipeline refuses, with its error body', async () => {
    const a = await article('published');
    const url = `/v1/content/articles/${a.slug}`;
    for (const round of ['uncached', 'cached']) {
      if (round === 'cached') await c().get(url); // its second miss: stored
      const ok = await c().get(`${url}?reader=r-1`).set('x-request-id', `page-${round}`);
      expect(ok.status, round).toBe(200);
      expect(ok.body.article.headline).toBe(a.headline);
      // the same headers as any content response of the full pipeline
      expect(ok.headers).toMatchObject({
        'x-request-id': `page-${round}`,
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(ok.text)),
        vary: 'Accept-Encoding',
        'cache-control': expect.stringMatching(/^public, max-age=\d+, stale-while-revalidate=\d+$/),
        etag: expect.stringMatching(/^"[A-Za-z0-9_-]+"$/),
        'surrogate-key': expect.stringContaining(`article-${a.id}`),
      });
      const cases: [string, number, string][] = [
        [`${url}?key=${key}&limit=5`, 400, 'VALIDATION_FAILED'],
        [`${url}?key=${key}&reader=a&reader=b`, 400, 'VALIDATION_FAILED'],
        [`${url}?key=${key}&reader=a%00b`, 400, 'VALIDATION_FAILED'],
        [`${url}?key=${key}&reader=${'r'.repeat(129)}`, 400, 'VALIDATION_FAILED'],
        [`${url}?key=${key}&key=${key}`, 401, 'API_KEY_MISSING'], // the guard runs before validation and reads one key only
        [`${url}?key=ncms_wrong`, 401, 'API_KEY_INVALID'],
        [url, 401, 'API_KEY_MISSING'],
        [`/v1/content/articles/No-Such?key=${key}`, 400, 'VALIDATION_FAILED'],
      ];
      for (const [u, status, code] of cases) {
        const r = await t.http().get(u);
        expect([u, round, r.status, r.body.error?.code]).toEqual([u, round, status, code]);
      }
      const missing = await c().get('/v1/content/articles/no-such-piece');
      expect([missing.status, missing.body.error.code]).toEqual([404, 'ARTICLE_NOT_FOUND']);
    }
  });

  it('strong ETag and 304 on If-None-Match; a change makes a new ETag', async () => {
    const a = await article('published');
    const first = await c().get(`/v1/content/articles/${a.slug}`);
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await c().get(`/v1/content/articles/${a.slug}`).set('If-None-Match', responseHeader(first, 'etag'));
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    await t.http().post(`/v1/admin/articles/${a.id}/corrections`).set(editor.auth).send({ kind: 'correction', text: 'A date was wrong.' });
    const changed = await c().get(`/v1/content/articles/${a.slug}`).set('If-None-Match', responseHeader(first, 'etag'));
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    expect(changed.body.article.corrections).toHaveLength(1);
  });

  it('the page ETag starts from the stored hash of the page bytes, which every write keeps', async () => {
    const a = await article('published');
    const stored = async () =>
      (
        await t.sql<{ tag: string; fresh: boolean; body: string }>(
          `SELECT page_tag AS tag, page_tag = md5(page_body) AS fresh, page_body AS body FROM published_articles WHERE article_id = $1`,
          [a.id],
        )
      )[0]!;
    const before = await stored();
    expect(before.fresh).toBe(true);
    const first = await c().get(`/v1/content/articles/${a.slug}`);
    expect(responseHeader(first, 'etag').startsWith(`"${before.tag}`)).toBe(true);
    // the body sent is the stored text, byte for byte, then what the render adds
    expect(first.text.startsWith(before.body)).toBe(true);
    expect(first.text.slice(before.body.length)).toMatch(/^,"newsletterBox":.*,"donationBanners":.*\}$/s);
    await t.http().post(`/v1/admin/articles/${a.id}/corrections`).set(editor.auth).send({ kind: 'correction', text: 'A name was misspelled.' });
    const after = await stored();
    expect(after.fresh).toBe(true);
    expect(after.tag).not.toBe(before.tag);
    const changed = await c().get(`/v1/content/articles/${a.slug}`);
    expect(responseHeader(changed, 'etag').startsWith(`"${after.tag}`)).toBe(true);
    expect(changed.text.startsWith(after.body)).toBe(true);
  });

  it('an old slug answers 301 with the current one', async () => {
    const a = await article('published', { slug: `old-slug-${Date.now()}` });
    const cur = await t.http().get(`/v1/admin/articles/${a.id}`).set(editor.auth);
    const newSlug = `new-slug-${Date.now()}`;
    await t.http().patch(`/v1/admin/articles/${a.id}`).set(editor.auth).set('If-Match', responseHeader(cur, 'etag')).send({ slug: newSlug });
    // still the old one until the change is published
    expect((await c().get(`/v1/content/articles/${a.slug}`)).status).toBe(200);
    await act(t, editor, a.id, 'publish');
    const moved = await c().get(`/v1/content/articles/${a.slug}`).redirects(0);
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe(`/v1/content/articles/${newSlug}`);
    expect((await c().get(`/v1/content/articles/${newSlug}`)).status).toBe(200);
  });
});

describe('page reads under load', () => {
  it('pages asked while reads are waiting go out as one group, and each request gets its own page, 404 or 301', async () => {
    const pieces = [];
    for (let i = 0; i < 8; i++) pieces.push(await article('published', { headline: `Burst piece ${i} ${Date.now()}` }));
    const renamed = await article('published', { slug: `burst-old-${Date.now()}` });
    const cur = await t.http().get(`/v1/admin/articles/${renamed.id}`).set(editor.auth);
    const newSlug = `burst-new-${Date.now()}`;
    await t.http().patch(`/v1/admin/articles/${renamed.id}`).set(editor.auth).set('If-Match', responseHeader(cur, 'etag')).send({ slug: newSlug });
    await act(t, editor, renamed.id, 'publish');
    // A slow moment: the read model is locked, so the first page reads (half the pool of 8) wait
    // in PostgreSQL and every slug asked after them queues in the api; on release the queue goes
    // out as one query. Each slug several times, with one no page has and an old one among them.
    // (in an order unlike the index's, which is the order rows come back in)
    const asked = ['no-such-piece-anywhere', renamed.slug, ...pieces.map((p) => p.slug).reverse()];
    const locker = new pg.Client({ connectionString: inject('databaseUrl') });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${t.schema}".published_articles IN ACCESS EXCLUSIVE MODE`);
      const burst = Promise.all(asked.flatMap((slug) => [0, 1, 2].map(async () => ({ slug, r: await c().get(`/v1/content/articles/${slug}`).redirects(0) }))));
      const waiting = async () =>
        (await locker.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE relation = '"${t.schema}".published_articles'::regclass AND NOT granted`)).rows[0]!.n;
      for (let i = 0; i < 200 && (await waiting()) < 4; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await waiting()).toBe(4); // no more than half the pool is ever spent on page reads
      await new Promise((r) => setTimeout(r, 300)); // the rest of the burst arrives and queues
      expect(await waiting()).toBe(4);
      await locker.query('COMMIT');
      for (const { slug, r } of await burst) {
        const piece = pieces.find((p) => p.slug === slug);
        if (piece) {
          expect(r.status).toBe(200);
          expect(r.body.article.slug).toBe(slug);
          expect(r.body.article.headline).toBe(piece.headline);
        } else if (slug === renamed.slug) {
          expect(r.status).toBe(301);
          expect(r.headers.location).toBe(`/v1/content/articles/${newSlug}`);
        } else {
          expect(r.status).toBe(404);
          expect(r.body.error.code).toBe('ARTICLE_NOT_FOUND');
        }
      }
    } finally {
      await locker.end();
    }
  });
});

describe('lists', () => {
  it('keyset pagination walks every live piece once, newest first, limit capped at 100', async () => {
    for (let i = 0; i < 5; i++) await article('published');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await c().get(`/v1/content/latest?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((i: { articleId: string }) => i.articleId));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const all = (await t.sql<{ article_id: string }>(`SELECT article_id FROM published_articles ORDER BY published_at DESC, article_id DESC`)).map((r) => r.article_id);
    expect(seen).toEqual(all);
    expect((await c().get('/v1/content/latest?limit=101')).status).toBe(400);
    expect((await c().get('/v1/content/latest?cursor=garbage')).body.error.code).toBe('INVALID_CURSOR');
  });
});

describe('search', () => {
  it('follows publication: ranks headline over body, honours phrases and exclusions, finds a republished edit, forgets an unpublished piece', async () => {
    const word = `quokkaline${Date.now().toString(36).replace(/[0-9]/g, '')}`;
    const ids = (r: { body: { items: { articleId: string }[] } }) => r.body.items.map((i) => i.articleId);
    const find = async (q: string) => {
      const r = await c().get(`/v1/content/search?q=${encodeURIComponent(q)}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return ids(r);
    };
    const inHeadline = await article('published', { headline: `Envoys meet ${word} negotiators again` });
    const inBody = await article('published', { bodyHtml: `<p>Diplomats said the ${word} envoys would meet again.</p><p>Nothing was agreed.</p>` });

    expect(await find(word)).toEqual([inHeadline.id, inBody.id]);
    // paged one by one: each page carries its hit's snippet, and says where the next one starts
    const first = await c().get(`/v1/content/search?q=${word}&limit=1`);
    const second = await c().get(`/v1/content/search?q=${word}&limit=1&offset=1`);
    expect([ids(first), first.body.nextOffset, ids(second), second.body.nextOffset]).toEqual([[inHeadline.id], 1, [inBody.id], null]);
    expect([first.body.items[0].snippet, second.body.items[0].snippet]).toEqual([expect.stringContaining(`<mark>${word}</mark>`), expect.stringContaining(`<mark>${word}</mark>`)]);
    expect(first.body.items[0]).toMatchObject({ kicker: expect.any(String), section: { id: w.sectionId }, bylines: [expect.objectContaining({ contributorId: w.contributorId })] });
    expect(await find(`"${word} negotiators"`)).toEqual([inHeadline.id]);
    expect(await find(`"negotiators ${word}"`)).toEqual([]);
    expect(await find(`${word} -negotiators`)).toEqual([inBody.id]);

    // a live edit is searchable once published, and the old wording is gone
    const current = await t.http().get(`/v1/admin/articles/${inHeadline.id}`).set(editor.auth);
    const edit = await t
      .http()
      .patch(`/v1/admin/articles/${inHeadline.id}`)
      .set(editor.auth)
      .set('If-Match', responseHeader(current, 'etag'))
      .send({ headline: 'Envoys meet mediators again' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(await find(`${word} mediators`)).toEqual([]);
    expect((await act(t, editor, inHeadline.id, 'publish')).status).toBe(200);
    expect(await find(word)).toEqual([inBody.id]);
    expect(await find('"envoys meet mediators"')).toContain(inHeadline.id);

    expect((await act(t, editor, inBody.id, 'unpublish')).status).toBe(200);
    expect(await find(word)).toEqual([]);

    // the search table holds exactly the live pieces, at their publication time
    const drift = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM published_articles p FULL JOIN published_search s ON s.article_id = p.article_id
        WHERE p.article_id IS NULL OR s.article_id IS NULL OR s.published_at <> p.published_at`,
    );
    expect(drift[0]!.n).toBe(0);
  });
});

describe('feeds', () => {
  it('are well-formed XML with escaped content', async () => {
    await article('published', { headline: 'Tariffs & treaties: the "deal" at 3 < 4 a.m.' });
    for (const path of ['/feed.xml', '/sitemap.xml', '/news-sitemap.xml']) {
      const r = await t.http().get(path);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toContain('xml');
      const doc = parseDocument(r.text, { xmlMode: true });
      expect(doc.children.length).toBeGreaterThan(0);
    }
    const rss = (await t.http().get('/feed.xml')).text;
    expect(rss).toContain('Tariffs &amp; treaties: the &quot;deal&quot; at 3 &lt; 4 a.m.');
  });
});

describe('draft preview', () => {
  it('serves the draft by token only, until revoked or expired', async () => {
    const a = await article('draft', { headline: 'Preview only headline' });
    const link = await t.http().post(`/v1/admin/articles/${a.id}/preview-links`).set(editor.auth).send({ expiresInHours: 1 });
    expect(link.status).toBe(201);
    const page = await c().get(link.body.path);
    expect(page.status).toBe(200);
    expect(page.body.article.headline).toBe('Preview only headline');
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect((await c().get(`/v1/content/articles/${a.slug}`)).status).toBe(404);
    await t.http().delete(`/v1/admin/articles/${a.id}/preview-links/${link.body.id}`).set(editor.auth);
    expect((await c().get(link.body.path)).status).toBe(404);
    expect((await c().get('/v1/content/preview/not-a-real-token-at-all')).status).toBe(404);
    const writer = await actingAs(t, 'contributor');
    expect((await t.http().post(`/v1/admin/articles/${a.id}/preview-links`).set(writer.auth).send({})).status).toBe(403);
  });
});

describe('two api processes', () => {
  it('a publish in one is visible through the other within 1 s', async () => {
    const other = await createTestApp({ schema: t.schema });
    try {
      const a = await article('approved');
      // warm the other instance's cache with the "not found" and the list (stored on a second miss)
      for (let i = 0; i < 2; i++) {
        expect((await other.http().get(`/v1/content/articles/${a.slug}`).set('X-Api-Key', key)).status).toBe(404);
        await other.http().get('/v1/content/latest').set('X-Api-Key', key);
      }
      await act(t, editor, a.id, 'publish');
      const start = Date.now();
      let status = 404;
      while (Date.now() - start < 1000) {
        status = (await other.http().get(`/v1/content/articles/${a.slug}`).set('X-Api-Key', key)).status;
        if (status === 200) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe(200);
      const latest = await other.http().get('/v1/content/latest').set('X-Api-Key', key);
      expect(latest.body.items[0].articleId).toBe(a.id);
    } finally {
      await other.close();
    }
  });
});
