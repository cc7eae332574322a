import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

/**
 * The desk holds no content key: its preview reads the content API's preview route (and the
 * LATEST rail) with the bearer token of an account that may mint preview links.
 */
let t: TestApp;
let admin: Credential;
let editor: Credential;
let writer: Credential;
let key: string;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  writer = await actingAs(t, 'contributor');
  key = await contentKey(t, admin);
  w = await makeWorld(t, editor);
});
afterAll(() => t?.close());

describe('preview for the desk', () => {
  it('serves the draft with teasers, newsletter box and banners to a key or to an editor’s bearer token, never to a writer or anyone else', async () => {
    const live = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(w, { headline: 'A live neighbour piece' }));
    expect(live.status).toBe(201);
    for (const a of ['submit', 'approve', 'publish']) expect((await act(t, editor, live.body.id, a)).status).toBe(200);
    const draft = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(w, { headline: 'The draft to preview' }));
    expect(draft.status).toBe(201);
    const link = await t.http().post(`/v1/admin/articles/${draft.body.id}/preview-links`).set(editor.auth).send({ expiresInHours: 1 });
    expect(link.status).toBe(201);

    const byKey = await t.http().get(link.body.path).set('X-Api-Key', key);
    const byDesk = await t.http().get(link.body.path).set(editor.auth);
    for (const r of [byKey, byDesk]) {
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.headers['cache-control']).toBe('private, no-store');
      expect(r.body.preview).toBe(true);
      expect(r.body.article.headline).toBe('The draft to preview');
      // the same tag as the live piece: the automatic fill teases it
      expect(r.body.relatedStories.map((s: { headline: string }) => s.headline)).toEqual(['A live neighbour piece']);
      expect(r.body).toHaveProperty('newsletterBox');
      expect(r.body).toHaveProperty('donationBanners');
      expect(r.body).toHaveProperty('donationGlobalCap');
    }
    expect(byDesk.body.relatedStories).toEqual(byKey.body.relatedStories);

    const anon = await t.http().get(link.body.path);
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('API_KEY_MISSING');
    const asWriter = await t.http().get(link.body.path).set(writer.auth);
    expect(asWriter.status).toBe(403);
    expect((await t.http().get(link.body.path).set('Authorization', 'Bearer not-a-token')).status).toBe(401);

    // the LATEST rail: the same items by key and by the desk; the desk's answer is private
    const latestKey = await t.http().get('/v1/content/latest?limit=5').set('X-Api-Key', key);
    const latestDesk = await t.http().get('/v1/content/latest?limit=5').set(editor.auth);
    expect(latestDesk.status).toBe(200);
    expect(latestDesk.body.items).toEqual(latestKey.body.items);
    expect(latestDesk.headers['cache-control']).toBe('private, no-store');
    expect(latestKey.headers['cache-control']).not.toContain('private');
    // a writer's desk shows the rail too (live pieces are public anyway)
    const latestWriter = await t.http().get('/v1/content/latest?limit=5').set(writer.auth);
    expect(latestWriter.status).toBe(200);
    expect(latestWriter.body.items).toEqual(latestKey.body.items);
    expect((await t.http().get('/v1/content/latest')).status).toBe(401);

    // a revoked token is gone for the desk too
    expect((await t.http().delete(`/v1/admin/articles/${draft.body.id}/preview-links/${link.body.id}`).set(editor.auth)).status).toBe(200);
    expect((await t.http().get(link.body.path).set(editor.auth)).status).toBe(404);
  });

  it('lets a writer preview their own piece (the same payload, no link minted), never another’s, and mint no link', async () => {
    const mine = await t
      .http()
      .post('/v1/admin/articles')
      .set(writer.auth)
      .send(completeArticle(w, { headline: 'The writer’s own draft' }));
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    const theirs = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(w, { headline: 'An editor’s draft' }));
    const links = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM article_preview_links`))[0]!.n;
    const before = await links();

    const own = await t.http().get(`/v1/admin/articles/${mine.body.id}/preview`).set(writer.auth);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(own.body.preview).toBe(true);
    expect(own.body.article.headline).toBe('The writer’s own draft');
    // what an editor's token link shows of the same piece
    const link = await t.http().post(`/v1/admin/articles/${mine.body.id}/preview-links`).set(editor.auth).send({ expiresInHours: 1 });
    const byLink = await t.http().get(link.body.path).set('X-Api-Key', key);
    // (a preview is dated the moment it is read: those times aside, the same bytes)
    const undated = (b: unknown) => JSON.stringify(b).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"<time>"');
    expect(byLink.status).toBe(200);
    expect(undated(own.body)).toBe(undated(byLink.body));
    expect(await links()).toBe(before + 1); // the editor's link only: previewing minted none

    const other = await t.http().get(`/v1/admin/articles/${theirs.body.id}/preview`).set(writer.auth);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('ARTICLE_NOT_FOUND');
    expect((await t.http().get(`/v1/admin/articles/${theirs.body.id}/preview`).set(editor.auth)).status).toBe(200);
    expect((await t.http().get(`/v1/admin/articles/${mine.body.id}/preview`)).status).toBe(401);
    expect((await t.http().get(`/v1/admin/articles/${mine.body.id}/preview`).set('X-Api-Key', key)).status).toBe(401);
    // minting a public link stays with editors
    const mint = await t.http().post(`/v1/admin/articles/${mine.body.id}/preview-links`).set(writer.auth).send({ expiresInHours: 1 });
    expect(mint.status).toBe(403);
  });
});
