import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '#libs/outbox';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { publishedArticle } from '../support/magazine.js';
import { makeTopImage, makeWorld, type World } from '../support/world.js';

/** Issue 22 items 4 and 6: what a byline box needs, and the page's share cards and JSON-LD. */

let t: TestApp;
let admin: Credential;
let editor: Credential;
let key: string;
let w: World;
const c = () => t.http().set('X-Api-Key', key);
const page = async (slug: string) => {
  const r = await c().get(`/v1/content/articles/${slug}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
async function relayAll(): Promise<void> {
  const relay = t.app.get(OutboxRelay);
  for (let i = 0; i < 30 && (await relay.tick()) > 0; i++);
}

beforeAll(async () => {
  t = await createTestApp({ env: { CONTENT_CACHE_MAX_MB: '0', PUBLIC_BASE_URL: 'https://foreigndesk.example' } });
  admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  key = await contentKey(t, admin);
  w = await makeWorld(t, editor);
  const edit = await t.http().patch(`/v1/admin/contributors/${w.contributorId}`).set(editor.auth).send({
    bio: 'Ada Writer covers European security.',
    disclosure: 'Ada Writer advised the Polish government in 2024.',
    socialLinks: [{ network: 'bluesky', url: 'https://bsky.app/profile/ada.example' }],
  });
  expect(edit.status, JSON.stringify(edit.body)).toBe(200);
  const logo = await makeTopImage(t, editor, 'The Foreign Desk');
  const put = await t.http().put('/v1/admin/site-settings').set(admin.auth).set('If-Match', '"s0"').send({
    title: 'The Foreign Desk',
    description: 'Independent analysis.',
    logoImageId: logo,
    socialAccounts: [],
    preferredSource: null,
    menus: { primary: [], footer: [] },
    newsletterBox: { heading: 'Subscribe', body: '', buttonLabel: 'Subscribe', listIds: [] },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
});
afterAll(() => t?.close());

describe('bylines', () => {
  it('carry title and disclosure as published, and the current bio and social links', async () => {
    const a = await publishedArticle(t, editor, w);
    const before = (await page(a.slug)).article.bylines[0];
    expect(before).toEqual({
      contributorId: w.contributorId,
      slug: expect.any(String),
      name: expect.stringMatching(/^Ada Writer/),
      title: 'Senior fellow, Example Institute',
      disclosure: 'Ada Writer advised the Polish government in 2024.',
      bio: 'Ada Writer covers European security.',
      socialLinks: [{ network: 'bluesky', url: 'https://bsky.app/profile/ada.example' }],
      avatar: null, // no avatar set (image-renditions.e2e-spec.ts covers one)
    });
    const edit = await t.http().patch(`/v1/admin/contributors/${w.contributorId}`).set(editor.auth).send({ title: 'Director, Elsewhere', disclosure: 'None.', bio: 'Ada Writer now covers the Baltics.', socialLinks: [] });
    expect(edit.status).toBe(200);
    await relayAll(); // the profile change refreshes live pages
    const after = (await page(a.slug)).article.bylines[0];
    expect(after).toMatchObject({ title: 'Senior fellow, Example Institute', disclosure: 'Ada Writer advised the Polish government in 2024.', bio: 'Ada Writer now covers the Baltics.', socialLinks: [] });
    // restore for the next test
    await t.http().patch(`/v1/admin/contributors/${w.contributorId}`).set(editor.auth).send({ title: 'Senior fellow, Example Institute', bio: 'Ada Writer covers European security.' });
    await relayAll();
  });
});

describe('share cards and JSON-LD', () => {
  it('default from headline, dek and top image; a NewsArticle with Person authors, the publisher, dates and corrections', async () => {
    const a = await publishedArticle(t, editor, w);
    const fix = await t.http().post(`/v1/admin/articles/${a.id}/corrections`).set(editor.auth).send({ kind: 'correction', text: 'An earlier version misdated the summit.' });
    expect(fix.status).toBe(201);
    const p = (await page(a.slug)).article;
    const url = `https://foreigndesk.example/${a.slug}`;
    expect(p.openGraph).toMatchObject({ type: 'article', title: a.headline, description: p.dek, url, siteName: 'The Foreign Desk', publishedTime: p.publishedAt, modifiedTime: p.updatedAt, section: p.section.name });
    expect(p.openGraph.image).toEqual({ url: p.topImage.url, width: 1600, height: 900, alt: p.topImage.alt });
    expect(p.openGraph.tags).toEqual(p.tags.map((x: { name: string }) => x.name));
    expect(p.twitter).toEqual({ card: 'summary_large_image', title: a.headline, description: p.dek, image: p.topImage.url, imageAlt: p.topImage.alt });
    const ld = p.jsonLd;
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: a.headline,
      url,
      datePublished: p.publishedAt,
      dateModified: p.updatedAt,
      image: [{ '@type': 'ImageObject', url: p.topImage.url, width: 1600, height: 900 }],
      author: [{ '@type': 'Person', name: p.bylines[0].name, url: `https://foreigndesk.example/contributors/${p.bylines[0].slug}`, jobTitle: 'Senior fellow, Example Institute' }],
      publisher: { '@type': 'Organization', name: 'The Foreign Desk', url: 'https://foreigndesk.example', logo: { '@type': 'ImageObject', width: 1600, height: 900 } },
      articleSection: p.section.name,
      correction: [{ '@type': 'CorrectionComment', text: 'Correction: An earlier version misdated the summit.', datePublished: p.corrections[0].at }],
    });
    expect(JSON.parse(JSON.stringify(ld))).toEqual(ld);
  });

  it('the SEO title and description, when set, are what the cards say', async () => {
    const a = await publishedArticle(t, editor, w, { seoTitle: 'Europe’s coalition, explained', seoDescription: 'What each capital thinks it promised.' });
    const p = (await page(a.slug)).article;
    expect(p.openGraph).toMatchObject({ title: 'Europe’s coalition, explained', description: 'What each capital thinks it promised.' });
    expect(p.twitter.title).toBe('Europe’s coalition, explained');
    expect(p.jsonLd.headline).toBe(a.headline);
  });
});

describe('GET /v1/content/articles/by-id/:id', () => {
  it('is the page of the live piece with that id, whatever its slug; 404 when not live; 400 on a bad id', async () => {
    const a = await publishedArticle(t, editor, w);
    const byId = await c().get(`/v1/content/articles/by-id/${a.id}`);
    expect(byId.status, JSON.stringify(byId.body)).toBe(200);
    const bySlug = await page(a.slug);
    expect(byId.body.article).toEqual(bySlug.article);
    expect(byId.body.relatedStories).toEqual(bySlug.relatedStories);
    expect(byId.headers['surrogate-key']).toContain(`article-${a.id}`);
    const missing = await c().get('/v1/content/articles/by-id/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ARTICLE_NOT_FOUND');
    expect((await c().get('/v1/content/articles/by-id/not-a-uuid')).status).toBe(400);
  });
});
