import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { publishedArticle } from '../support/magazine.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

/** Issue 22 item 8: `exclude=` and `fields=` on lists, and content indexes with counts. */

let t: TestApp;
let editor: Credential;
let key: string;
let w: World;
let pieces: { id: string; slug: string; headline: string }[] = [];
const c = () => t.http().set('X-Api-Key', key);
const ids = (body: { items: { articleId: string }[] }) => body.items.map((i) => i.articleId);

beforeAll(async () => {
  t = await createTestApp({ env: { CONTENT_CACHE_MAX_MB: '0' } });
  const admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  key = await contentKey(t, admin);
  w = await makeWorld(t, editor);
  for (let i = 0; i < 4; i++) pieces.push(await publishedArticle(t, editor, w));
  pieces = pieces.reverse(); // newest first, as lists are
});
afterAll(() => t?.close());

describe('exclude=', () => {
  it('the LATEST rail without the current piece still has `limit` items; by id or slug; pages on', async () => {
    const [current, ...rest] = pieces;
    const rail = await c().get(`/v1/content/latest?limit=3&exclude=${current!.id}`);
    expect(rail.status, JSON.stringify(rail.body)).toBe(200);
    expect(ids(rail.body)).toEqual(rest.map((p) => p.id));
    const bySlug = await c().get(`/v1/content/articles?limit=3&exclude=${current!.slug},${rest[0]!.slug}`);
    expect(ids(bySlug.body)).toEqual(rest.slice(1).map((p) => p.id));
    const first = await c().get(`/v1/content/latest?limit=2&exclude=${rest[0]!.id}`);
    expect(ids(first.body)).toEqual([current!.id, rest[1]!.id]);
    const next = await c().get(`/v1/content/latest?limit=2&exclude=${rest[0]!.id}&cursor=${first.body.nextCursor}`);
    expect(ids(next.body)).toEqual([rest[2]!.id]);
    expect(next.body.nextCursor).toBeNull();
    const section = (await t.sql<{ slug: string }>(`SELECT slug FROM sections WHERE id = $1`, [w.sectionId]))[0]!.slug;
    const inSection = await c().get(`/v1/content/sections/${section}?exclude=${current!.id}`);
    expect(ids(inSection.body.articles)).not.toContain(current!.id);
  });

  it('anything but ids and slugs, or more than 20, is a 400 on `exclude`', async () => {
    for (const bad of ['Not%20A%20Slug!', Array.from({ length: 21 }, (_, i) => `s-${i}`).join(','), '']) {
      const r = await c().get(`/v1/content/latest?exclude=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.details.map((d: { field: string }) => d.field)).toContain('exclude');
    }
  });
});

describe('fields=', () => {
  it('cards hold only the fields asked for, and articleId', async () => {
    const r = await c().get('/v1/content/latest?limit=2&fields=headline,slug');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    for (const item of r.body.items) expect(Object.keys(item)).toEqual(['articleId', 'slug', 'headline']);
    expect(r.body.items[0].headline).toBe(pieces[0]!.headline);
    expect(r.body.nextCursor).toEqual(expect.any(String));
    const tag = (await t.sql<{ slug: string }>(`SELECT slug FROM tags WHERE id = $1`, [w.tagIds[0]]))[0]!.slug;
    const onTag = await c().get(`/v1/content/tags/${tag}?fields=topImage&limit=1`);
    expect(Object.keys(onTag.body.articles.items[0])).toEqual(['articleId', 'topImage']);
    const whole = await c().get('/v1/content/latest?limit=1');
    expect(Object.keys(whole.body.items[0])).toContain('excerpt');
  });

  it('an unknown field is a 400 on `fields`', async () => {
    const r = await c().get('/v1/content/articles?fields=headline,bodyHtml');
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { field: string }) => d.field)).toContain('fields');
  });
});

describe('card lists from the stored card text (issue 22 item 10)', () => {
  const ALL = 'slug,headline,dek,kicker,section,type,bylines,tags,excerpt,topImage,publishedAt,updatedAt';

  it('parse to exactly the cards the object path builds (fields= every field), cursor included', async () => {
    const section = (await t.sql<{ slug: string }>(`SELECT slug FROM sections WHERE id = $1`, [w.sectionId]))[0]!.slug;
    for (const url of ['/v1/content/latest?limit=3', `/v1/content/articles?limit=2&section=${section}`, `/v1/content/latest?limit=2&exclude=${pieces[1]!.id}`]) {
      const bytes = await c().get(url);
      const objects = await c().get(`${url}&fields=${ALL}`);
      expect([bytes.status, objects.status], url).toEqual([200, 200]);
      expect(bytes.body, url).toEqual(objects.body);
      expect(bytes.body.items.length, url).toBeGreaterThan(0);
      const next = await c().get(`${url}&cursor=${bytes.body.nextCursor}`);
      expect(next.body, url).toEqual((await c().get(`${url}&cursor=${bytes.body.nextCursor}&fields=${ALL}`)).body);
    }
    const onSection = await c().get(`/v1/content/sections/${section}?limit=2`);
    expect(onSection.body).toEqual((await c().get(`/v1/content/sections/${section}?limit=2&fields=${ALL}`)).body);
    expect(onSection.body.section.slug).toBe(section);
    const empty = await c().get(`/v1/content/latest?cursor=${Buffer.from('1901-01-01T00:00:00.000Z|00000000-0000-0000-0000-000000000000').toString('base64url')}`);
    expect(empty.body).toEqual({ items: [], nextCursor: null });
  });

  it('a strong ETag that changes with the bytes, 304 on If-None-Match, a key per card', async () => {
    const a = await c().get('/v1/content/latest?limit=2');
    expect(a.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect((await c().get('/v1/content/latest?limit=2')).headers.etag).toBe(a.headers.etag);
    expect((await c().get('/v1/content/latest?limit=3')).headers.etag).not.toBe(a.headers.etag);
    expect((await c().get(`/v1/content/latest?limit=2&exclude=${pieces[0]!.id}`)).headers.etag).not.toBe(a.headers.etag);
    expect((await c().get('/v1/content/latest?limit=2').set('If-None-Match', a.headers.etag!)).status).toBe(304);
    expect(a.headers['surrogate-key']).toContain(`article-${pieces[0]!.id}`);
    expect(a.headers['content-length']).toBe(String(Buffer.byteLength(a.text)));
    // a change to a card's own column (not the page) reaches its bytes and the list's ETag
    await t.sql(`UPDATE published_articles SET headline = headline || ' (updated)' WHERE article_id = $1`, [pieces[0]!.id]);
    const b = await c().get('/v1/content/latest?limit=2');
    expect(b.body.items[0].headline).toBe(`${pieces[0]!.headline} (updated)`);
    expect(b.headers.etag).not.toBe(a.headers.etag);
    await t.sql(`UPDATE published_articles SET headline = $2 WHERE article_id = $1`, [pieces[0]!.id, pieces[0]!.headline]);
  });

  it('a list answered before routing refuses what the full pipeline refuses, with its error body', async () => {
    const cases: [string, number, string | null][] = [
      [`/v1/content/latest?key=${key}&limit=0`, 400, 'VALIDATION_FAILED'],
      [`/v1/content/latest?key=${key}&limit=101`, 400, 'VALIDATION_FAILED'],
      [`/v1/content/latest?key=${key}&limit=020`, 200, null],
      [`/v1/content/latest?key=${key}&cursor=nope`, 400, 'INVALID_CURSOR'],
      [`/v1/content/latest?key=${key}&section=europe`, 400, 'VALIDATION_FAILED'],
      [`/v1/content/articles?key=${key}&section=Not-A-Slug`, 400, 'VALIDATION_FAILED'],
      [`/v1/content/articles?key=${key}&section=no-such-section`, 200, null],
      [`/v1/content/articles?key=${key}&limit=2&limit=3`, 400, 'VALIDATION_FAILED'],
      [`/v1/content/latest?key=ncms_wrong`, 401, 'API_KEY_INVALID'],
      ['/v1/content/latest', 401, 'API_KEY_MISSING'],
    ];
    for (const [u, status, code] of cases) {
      const r = await t.http().get(u).set('x-request-id', 'list-case');
      expect([u, r.status, r.body.error?.code ?? null]).toEqual([u, status, code]);
      expect(r.headers['x-request-id']).toBe('list-case');
      if (r.body.error) expect(r.body.error.requestId).toBe('list-case');
    }
  });
});

describe('content indexes', () => {
  it('types, tags and contributors with live counts; nothing unpublished counted, nobody without a live byline listed', async () => {
    const quiet = (
      await t
        .http()
        .post('/v1/admin/contributors')
        .set(editor.auth)
        .send({ name: `Quiet Writer ${Date.now()}` })
    ).body.id as string;
    const hiddenTag = (
      await t
        .http()
        .post('/v1/admin/tags')
        .set(editor.auth)
        .send({ name: `Draft only ${Date.now()}`, kind: 'topic' })
    ).body.id as string;
    const draft = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(w, { bylineIds: [quiet], tagIds: [hiddenTag] }));
    expect(draft.status).toBe(201);
    expect((await act(t, editor, draft.body.id, 'submit')).status).toBe(200);

    const types = await c().get('/v1/content/types');
    expect(types.status).toBe(200);
    expect(types.body.items.find((x: { id: string }) => x.id === w.typeId)).toMatchObject({ articleCount: 4 });
    const tags = await c().get('/v1/content/tags');
    expect(tags.body.items.filter((x: { id: string }) => w.tagIds.includes(x.id)).map((x: { articleCount: number }) => x.articleCount)).toEqual([4, 4]);
    expect(tags.body.items[0]).toMatchObject({ kind: 'person' });
    expect(tags.body.items.map((x: { id: string }) => x.id)).not.toContain(hiddenTag);
    const people = await c().get('/v1/content/contributors');
    expect(people.body.items).toEqual([expect.objectContaining({ id: w.contributorId, articleCount: 4, title: 'Senior fellow, Example Institute' })]);
    expect((await c().get('/v1/content/tags?limit=1')).body.items).toHaveLength(1);
    const sections = await c().get('/v1/content/sections');
    expect(sections.body.items.find((x: { id: string }) => x.id === w.sectionId)).toMatchObject({ articleCount: 4 });
    expect((await c().get('/v1/content/tags?limit=0')).status).toBe(400);
  });
});

describe('text beyond ASCII, as stored bytes (pages travel as their UTF-8 bytes, list cards as ASCII)', () => {
  it('a headline, dek and body in several scripts come back exactly, with a Content-Length in bytes', async () => {
    const headline = `Zürich’s “quiet” talks: 東京, Київ and القاهرة 🙂 ${Date.now()}`;
    const dek = 'Ça va — naïve façade, ½ €';
    const piece = await publishedArticle(t, editor, w, { headline, dek, bodyHtml: '<p>Ἀθῆναι — “Grüße” aus Kraków: 🇺🇦 ✓</p>' });
    const list = await c().get('/v1/content/latest?limit=1');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items[0]).toMatchObject({ articleId: piece.id, headline, dek });
    expect(list.headers['content-length']).toBe(String(Buffer.byteLength(list.text)));
    // a list's cards are ASCII JSON text: every other character as its \u escape (surrogate pairs
    // above U+FFFF), the same strings once parsed
    expect(list.text).toMatch(/^[\x20-\x7e]*$/);
    expect(list.text).toContain('Z\\u00fcrich\\u2019s \\u201cquiet\\u201d');
    expect(list.text).toContain('\\ud83d\\ude42');
    const page = await c().get(`/v1/content/articles/${piece.slug}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.article).toMatchObject({ headline, dek });
    expect(page.body.article.bodyHtml).toContain('Ἀθῆναι — “Grüße” aus Kraków: 🇺🇦 ✓');
    expect(page.headers['content-length']).toBe(String(Buffer.byteLength(page.text)));
  });
});
