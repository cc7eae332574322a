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
    const live = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, { headline: 'A live neighbour piece' }));
    expect(live.status).toBe(201);
    for (const a of ['submit', 'approve', 'publish']) expect((await act(t, editor, live.body.id, a)).status).toBe(200);
    const draft = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, { headline: 'The draft to preview' }));
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
    expect((await t.http().get('/v1/content/latest').set(writer.auth)).status).toBe(403);
    expect((await t.http().get('/v1/content/latest')).status).toBe(401);

    // a revoked token is gone for the desk too
    expect((await t.http().delete(`/v1/admin/articles/${draft.body.id}/preview-links/${link.body.id}`).set(editor.auth)).status).toBe(200);
    expect((await t.http().get(link.body.path).set(editor.auth)).status).toBe(404);
  });
});
