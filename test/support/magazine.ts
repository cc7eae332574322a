import { expect } from 'vitest';
import type { Credential, TestApp } from './app-harness.js';
import { act, completeArticle, makeTopImage, makeWorld, type World } from './world.js';

/** Everything an article page of DOMAIN.md shows, made through the admin API. */
export interface Magazine {
  world: World;
  /** The piece the page is about: tags, bylines, top image with credit and caption, a correction. */
  main: { id: string; slug: string; headline: string };
  /** Three other live pieces: its related stories. */
  others: { id: string; slug: string; headline: string }[];
  newsletterListId: string;
  campaignId: string;
  /** A draft with a preview link. */
  draft: { id: string; token: string };
}

/** Creates an article and drives it to published; returns its id, slug and headline. */
export async function publishedArticle(t: TestApp, editor: Credential, w: World, extra: Record<string, unknown> = {}) {
  const r = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, extra));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id = r.body.id as string;
  for (const action of ['submit', 'approve', 'publish']) {
    const res = await act(t, editor, id, action);
    expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
  }
  const a = await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth);
  return { id, slug: a.body.slug as string, headline: a.body.headline as string };
}

/** A magazine with one complete article page (see `Magazine`), its newsletter list and a running appeal. */
export async function makeMagazine(t: TestApp, admin: Credential, editor: Credential): Promise<Magazine> {
  const w = await makeWorld(t, editor);
  const h = () => t.http().set(admin.auth);
  const list = await h()
    .post('/v1/admin/newsletter/lists')
    .send({ name: `Weekly round-up ${Date.now()}`, description: 'Staff analysis, opinion, and news' });
  expect(list.status, JSON.stringify(list.body)).toBe(201);
  const consent = await h().post('/v1/admin/newsletter/consent-texts').send({ text: 'Yes, send me the weekly round-up. I can unsubscribe at any time.' });
  expect(consent.status, JSON.stringify(consent.body)).toBe(201);
  const campaign = await h()
    .post('/v1/admin/donation-campaigns')
    .send({ name: `Year-end ${Date.now()}`, placement: 'after_body' });
  expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
  const v = await h().post(`/v1/admin/donation-campaigns/${campaign.body.id}/variants`).send({
    name: 'A',
    weight: 1,
    headline: 'Dear readers:',
    bodyHtml: '<p>Independent analysis depends on you. Please give before the year ends.</p>',
    ctaLabel: 'Give now',
    ctaUrl: 'https://donate.example.org/',
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  expect((await h().post(`/v1/admin/donation-campaigns/${campaign.body.id}/transitions`).send({ action: 'activate' })).status).toBe(200);

  const current = await h().get('/v1/admin/site-settings');
  const settings = await h()
    .put('/v1/admin/site-settings')
    .set('If-Match', current.headers.etag ?? '"s0"')
    .send({
      title: 'The Foreign Desk',
      description: 'Independent analysis of foreign policy.',
      logoImageId: await makeTopImage(t, editor, 'The Foreign Desk'),
      socialAccounts: [
        { network: 'bluesky', url: 'https://bsky.app/profile/foreigndesk.example', label: 'Bluesky' },
        { network: 'linkedin', url: 'https://www.linkedin.com/company/foreigndesk', label: 'LinkedIn' },
      ],
      preferredSource: { label: 'Make us a preferred source on Google', url: 'https://www.google.com/preferences/source?q=foreigndesk.example' },
      menus: { primary: [{ label: 'Europe', url: '/europe', children: [] }], footer: [{ label: 'About us', url: '/about', children: [] }] },
      newsletterBox: { heading: 'Subscribe now to our weekly round-up', body: 'Staff analysis, opinion, and news.', buttonLabel: 'Subscribe', listIds: [list.body.id] },
      sectionBoxes: [],
    });
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);

  const others = [];
  for (let i = 0; i < 3; i++) others.push(await publishedArticle(t, editor, w, { topImageId: await makeTopImage(t, editor, `Related photograph ${i}`) }));
  const main = await publishedArticle(t, editor, w, { topImageCaption: 'Three leaders at the summit table in Warsaw, on 12 November.' });
  const corr = await t.http().post(`/v1/admin/articles/${main.id}/corrections`).set(editor.auth).send({ kind: 'correction', text: 'An earlier version misdated the summit.' });
  expect(corr.status, JSON.stringify(corr.body)).toBe(201);

  const d = await t
    .http()
    .post('/v1/admin/articles')
    .set(editor.auth)
    .send(completeArticle(w, { headline: 'A draft under review in preview' }));
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  const link = await t.http().post(`/v1/admin/articles/${d.body.id}/preview-links`).set(editor.auth).send({});
  expect(link.status, JSON.stringify(link.body)).toBe(201);
  const token = (link.body.token ?? String(link.body.url).split('/').pop()) as string;
  return { world: w, main, others, newsletterListId: list.body.id, campaignId: campaign.body.id, draft: { id: d.body.id, token } };
}
