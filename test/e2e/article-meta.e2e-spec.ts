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
  const edit = await t
    .http()
    .patch(`/v1/admin/contributors/${w.contributorId}`)
    .set(editor.auth)
    .send({
      bio: 'Ada Writer covers European security.',
      disclosure: 'Ada Writer advised the Polish government in 2024.',
      socialLinks: [{ network: 'bluesky', url: 'https://bsky.app/profile/ada.example' }],
    });
  expect(edit.status, JSON.stringify(edit.body)).toBe(200);
  const logo = await makeTopImage(t, editor, 'The Foreign Desk');
  const put = await t
    .http()
    .put('/v1/admin/site-settings')
    .set(admin.auth)
    .set('If-Match', '"s0"')
    .send({
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
    const edit = await t
      .http()
      .patch(`/v1/admin/contributors/${w.contributorId}`)
      .set(editor.auth)
      .send({ title: 'Director, Elsewhere', disclosure: 'None.', bio: 'Ada Writer now covers the Baltics.', socialLinks: [] });
    expect(edit.status).toBe(200);
    await relayAll(); // the profile change refreshes live pages
    const after = (await page(a.slug)).article.bylines[0];
    expect(after).toMatchObject({
      title: 'Senior fellow, Example Institute',
      disclosure: 'Ada Writer advised the Polish government in 2024.',
      bio: 'Ada Writer now covers the Baltics.',
      socialLinks: [],
    });
    // restore for the next test
    await t
      .http()
      .patch(`/v1/admin/contributors/${w.contributorId}`)
      .set(editor.auth)
      .send({ title: 'Senior fellow, Example Institute', bio: 'Ada Writer covers European security.' });
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
    expect(p.openGraph).toMatchObject({
      type: 'article',
      title: a.headline,
      description: p.dek,
      url,
      siteName: 'The Foreign Desk',
      publishedTime: p.publishedAt,
      modifiedTime: p.updatedAt,
      section: p.section.name,
    });
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

describe('per-article share-card overrides (issue 22 item 6)', () => {
  const patch = async (id: string, body: Record<string, unknown>) => {
    const cur = await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth);
    return t.http().patch(`/v1/admin/articles/${id}`).set(editor.auth).set('If-Match', cur.headers.etag!).send(body);
  };
  // a live piece's edits go live with a publish
  const republish = async (id: string) => {
    const cur = await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth);
    const r = await t.http().post(`/v1/admin/articles/${id}/transitions`).set(editor.auth).set('If-Match', cur.headers.etag!).send({ action: 'publish' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };

  it('the Open Graph fields override the SEO fields, headline, dek and top image; Twitter falls back to Open Graph, then has its own', async () => {
    const ogImage = await makeTopImage(t, editor, 'A map of the new coalition');
    const a = await publishedArticle(t, editor, w, { seoTitle: 'SEO title', ogTitle: '  The coalition, in one map  ', ogDescription: 'Who promised what.', ogImageId: ogImage });
    const admin1 = (await t.http().get(`/v1/admin/articles/${a.id}`).set(editor.auth)).body;
    expect(admin1).toMatchObject({
      ogTitle: 'The coalition, in one map',
      ogDescription: 'Who promised what.',
      ogImageId: ogImage,
      twitterTitle: null,
      twitterDescription: null,
      twitterImageId: null,
    });
    let p = (await page(a.slug)).article;
    expect(p.openGraph).toMatchObject({
      title: 'The coalition, in one map',
      description: 'Who promised what.',
      image: { width: 1600, height: 900, alt: 'A map of the new coalition' },
    });
    expect(p.openGraph.image.url).not.toBe(p.topImage.url);
    expect(p.twitter).toEqual({
      card: 'summary_large_image',
      title: 'The coalition, in one map',
      description: 'Who promised what.',
      image: p.openGraph.image.url,
      imageAlt: 'A map of the new coalition',
    });
    // the JSON-LD stays the article's own: headline and top image
    expect(p.jsonLd.headline).toBe(a.headline);
    expect(p.jsonLd.image[0].url).toBe(p.topImage.url);
    // a new alt text of the share-card image reaches the live page once relayed
    await relayAll(); // (what earlier writes left in the outbox would refresh the page anyway)
    expect((await t.http().patch(`/v1/admin/images/${ogImage}`).set(editor.auth).send({ altText: 'The coalition, mapped' })).status).toBe(200);
    await relayAll();
    p = (await page(a.slug)).article;
    expect([p.openGraph.image.alt, p.twitter.imageAlt]).toEqual(['The coalition, mapped', 'The coalition, mapped']);
    expect(p.topImage.alt).not.toBe('The coalition, mapped');
    // the image is in use by the draft: it cannot be deleted
    expect((await t.http().delete(`/v1/admin/images/${ogImage}`).set(editor.auth)).body.error.code).toBe('IMAGE_IN_USE');

    // an edit waits for the republish; then Twitter has its own, and an emptied Open Graph title falls back
    const twImage = await makeTopImage(t, editor, 'The summit table, square');
    const edited = await patch(a.id, { twitterTitle: 'Coalition map', twitterDescription: 'Who promised what, briefly.', twitterImageId: twImage, ogTitle: '' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.ogTitle).toBeNull();
    expect((await page(a.slug)).article.openGraph.title).toBe('The coalition, in one map');
    await republish(a.id);
    p = (await page(a.slug)).article;
    expect(p.openGraph.title).toBe('SEO title');
    expect(p.twitter).toMatchObject({ title: 'Coalition map', description: 'Who promised what, briefly.', imageAlt: 'The summit table, square' });
    expect(p.openGraph.image.alt).toBe('The coalition, mapped');
    expect(p.twitter.image).not.toBe(p.openGraph.image.url);

    // revisioned like every field: listed in the diff, restored with the revision
    const revisions = (await t.http().get(`/v1/admin/articles/${a.id}/revisions`).set(editor.auth)).body as { number: number }[];
    const [newest, first] = [revisions[0]!.number, revisions[revisions.length - 1]!.number];
    const diff = await t.http().get(`/v1/admin/articles/${a.id}/revisions/diff?from=${first}&to=${newest}`).set(editor.auth);
    expect(diff.body.map((c: { field: string }) => c.field)).toEqual(expect.arrayContaining(['ogTitle', 'twitterTitle', 'twitterDescription', 'twitterImageId']));
    const cur = await t.http().get(`/v1/admin/articles/${a.id}`).set(editor.auth);
    const restored = await t.http().post(`/v1/admin/articles/${a.id}/revisions/${first}/restore`).set(editor.auth).set('If-Match', cur.headers.etag!);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toMatchObject({ ogTitle: 'The coalition, in one map', twitterTitle: null, twitterImageId: null, ogImageId: ogImage });
  });

  it('too long or an unknown image: a 400 naming the field with a stable code, and nothing saved', async () => {
    const a = await publishedArticle(t, editor, w);
    const before = await t.http().get(`/v1/admin/articles/${a.id}`).set(editor.auth);
    const cases: [Record<string, unknown>, string, string, string | undefined][] = [
      [{ ogTitle: 'x'.repeat(101) }, 'ARTICLE_INVALID_FIELD', 'ogTitle', 'ARTICLE_SOCIAL_TEXT_TOO_LONG'],
      [{ ogDescription: 'x'.repeat(301) }, 'ARTICLE_INVALID_FIELD', 'ogDescription', 'ARTICLE_SOCIAL_TEXT_TOO_LONG'],
      [{ twitterTitle: 'x'.repeat(71), twitterDescription: 'x'.repeat(201) }, 'ARTICLE_INVALID_FIELD', 'twitterTitle', 'ARTICLE_SOCIAL_TEXT_TOO_LONG'],
      [{ ogImageId: '00000000-0000-4000-8000-000000000000' }, 'IMAGE_NOT_FOUND', 'ogImageId', 'IMAGE_NOT_FOUND'],
      [{ twitterImageId: 'not-a-uuid' }, 'VALIDATION_FAILED', 'twitterImageId', undefined],
      [{ twitterTitle: 5 }, 'VALIDATION_FAILED', 'twitterTitle', undefined],
    ];
    for (const [body, code, field, detailCode] of cases) {
      const r = await patch(a.id, body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.code, field).toBe(code);
      const detail = (r.body.error.details as { field: string; code?: string }[]).find((d) => d.field === field);
      expect(detail, JSON.stringify(r.body.error.details)).toBeDefined();
      if (detailCode) expect(detail!.code).toBe(detailCode);
    }
    // both over-long Twitter fields are named at once
    const both = await patch(a.id, { twitterTitle: 'x'.repeat(71), twitterDescription: 'x'.repeat(201) });
    expect(both.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['twitterDescription', 'twitterTitle']);
    // exactly at the limit (counted in characters, after trimming) is accepted
    const atLimit = await patch(a.id, { ogTitle: ` ${'é'.repeat(100)} ` });
    expect(atLimit.status, JSON.stringify(atLimit.body)).toBe(200);
    expect(atLimit.body.version).toBe(before.body.version + 1);
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
