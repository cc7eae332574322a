import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '#libs/outbox';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

/**
 * Issue 17 items 14 and 15: what a CDN (and each instance's content cache) holds of the article
 * pages is purged by every change that alters it, and the page's banners carry the global cap.
 */

/** The CDN's purge endpoint: records the surrogate keys of every purge. */
const purges: string[][] = [];
let cdn: Server;
let t: TestApp;
let editor: Credential;
let admin: Credential;
let key: string;
let w: World;
const c = () => t.http().set('X-Api-Key', key);

beforeAll(async () => {
  cdn = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      purges.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { surrogateKeys: string[] }).surrogateKeys);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
  t = await createTestApp({
    env: { CDN_PURGE_URL: `http://127.0.0.1:${(cdn.address() as AddressInfo).port}/purge`, DONATION_GLOBAL_MAX_PER_DAY: '2', DONATION_GLOBAL_MAX_PER_WEEK: '7' },
  });
  admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  key = await contentKey(t, admin);
  w = await makeWorld(t, editor);
});
afterAll(async () => {
  await t?.close();
  cdn?.close();
});

/** Relays the outbox until a purge naming `surrogateKey` has reached the CDN (after `since` purges). */
async function purgedKey(surrogateKey: string, since: number): Promise<void> {
  const relay = t.app.get(OutboxRelay);
  for (let i = 0; i < 50; i++) {
    if (purges.slice(since).some((keys) => keys.includes(surrogateKey))) return;
    await relay.tick();
  }
  throw new Error(`no purge of ${surrogateKey}; purges since: ${JSON.stringify(purges.slice(since))}`);
}

/** Relays everything pending (e.g. the purges of a publish), so the next check starts clean. */
async function relayAll(): Promise<void> {
  const relay = t.app.get(OutboxRelay);
  for (let i = 0; i < 20; i++) await relay.tick();
}

async function publish(extra: Record<string, unknown> = {}) {
  const r = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, extra));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  for (const action of ['submit', 'approve', 'publish']) expect((await act(t, editor, r.body.id, action)).status).toBe(200);
  return { id: r.body.id as string, slug: r.body.slug as string };
}

/** A PATCH with the resource's current ETag when it has one. */
async function patch(path: string, body: Record<string, unknown>) {
  const current = await t.http().get(path).set(admin.auth);
  const req = t.http().patch(path).set(admin.auth);
  if (current.headers.etag) req.set('If-Match', current.headers.etag);
  return req.send(body);
}

async function activeCampaign(name: string) {
  const created = await t.http().post('/v1/admin/donation-campaigns').set(admin.auth).send({ name, placement: 'after_body' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const v = await t.http().post(`/v1/admin/donation-campaigns/${created.body.id}/variants`).set(admin.auth).send({
    name: 'A',
    weight: 1,
    headline: 'Dear readers',
    bodyHtml: '<p>Please give.</p>',
    ctaLabel: 'Give',
    ctaUrl: 'https://donate.example.org/',
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  const a = await t.http().post(`/v1/admin/donation-campaigns/${created.body.id}/transitions`).set(admin.auth).send({ action: 'activate' });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  return { id: created.body.id as string, variantId: v.body.id as string };
}

describe('404s before publication (issue 17 item 14)', () => {
  it('issue 17 item 14: a 404 is short-lived and keyed by its slug; the publish purges it, and no instance keeps serving it', async () => {
    const slug = `not-yet-live-${Date.now().toString(36)}`;
    for (let i = 0; i < 3; i++) {
      // missed, stored, then answered from the in-process cache
      const r = await c().get(`/v1/content/articles/${slug}`);
      expect(r.status).toBe(404);
      expect(r.headers['cache-control']).toBe('public, max-age=10');
      expect(r.headers['surrogate-key']?.split(' ')).toContain(`slug-${slug}`);
    }
    await relayAll();
    const since = purges.length;
    const piece = await publish({ slug });
    expect(piece.slug).toBe(slug);
    await purgedKey(`slug-${slug}`, since);
    const live = await c().get(`/v1/content/articles/${slug}`);
    expect(live.status).toBe(200);
    expect(live.headers['cache-control']).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
  });
});

describe('campaigns and the newsletter box (issue 17 item 14)', () => {
  it('issue 17 item 14: editing, pausing, resuming and ending a campaign, its variants and an appeals switch purge the pages carrying banners', async () => {
    const piece = await publish();
    const page = await c().get(`/v1/content/articles/${piece.slug}`);
    expect(page.headers['surrogate-key']?.split(' ')).toEqual(expect.arrayContaining([`article-${piece.id}`, 'donation-banners', 'newsletter-box']));
    const campaign = await activeCampaign(`Spring appeal ${Date.now()}`);
    await purgedKey('donation-banners', 0);

    const changes: [string, () => Promise<{ status: number; body: unknown }>][] = [
      ['edit', () => patch(`/v1/admin/donation-campaigns/${campaign.id}`, { priority: 5 })],
      ['variant edit', () => patch(`/v1/admin/donation-campaigns/${campaign.id}/variants/${campaign.variantId}`, { headline: 'Dear readers, again' })],
      ['pause', () => t.http().post(`/v1/admin/donation-campaigns/${campaign.id}/transitions`).set(admin.auth).send({ action: 'pause' })],
      ['resume', () => t.http().post(`/v1/admin/donation-campaigns/${campaign.id}/transitions`).set(admin.auth).send({ action: 'resume' })],
      ['end', () => t.http().post(`/v1/admin/donation-campaigns/${campaign.id}/transitions`).set(admin.auth).send({ action: 'end' })],
    ];
    for (const [what, change] of changes) {
      await relayAll();
      const since = purges.length;
      const r = await change();
      expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(200);
      await purgedKey('donation-banners', since);
    }
    await relayAll();
    const since = purges.length;
    const appeals = await t.http().put(`/v1/admin/articles/${piece.id}/appeals`).set(admin.auth).send({ noAppeals: true });
    expect(appeals.status, JSON.stringify(appeals.body)).toBe(200);
    await purgedKey(`article-${piece.id}`, since);
  });

  it('issue 17 item 14: a new consent text or a list change purges every newsletter box, and the next page shows it at once', async () => {
    const piece = await publish();
    const list = await t
      .http()
      .post('/v1/admin/newsletter/lists')
      .set(admin.auth)
      .send({ name: `Weekly brief ${Date.now()}` });
    expect(list.status, JSON.stringify(list.body)).toBe(201);
    await purgedKey('newsletter-box', 0);
    const read = async () => (await c().get(`/v1/content/articles/${piece.slug}`)).body.newsletterBox as { consentText: string | null; lists: { name: string }[] } | null;
    for (let i = 0; i < 3; i++) await read(); // cached now

    await relayAll();
    let since = purges.length;
    const text = `We mail you the brief every week; unsubscribe any time (${Date.now()}).`;
    const consent = await t.http().post('/v1/admin/newsletter/consent-texts').set(admin.auth).send({ text });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    await purgedKey('newsletter-box', since);
    expect((await read())?.consentText).toBe(text);

    await relayAll();
    since = purges.length;
    const renamed = `Daily brief ${Date.now()}`;
    const edit = await patch(`/v1/admin/newsletter/lists/${list.body.id}`, { name: renamed });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    await purgedKey('newsletter-box', since);
    expect((await read())?.lists.map((l) => l.name)).toContain(renamed);
  });
});

describe('the page’s donation banners (issue 17 item 15)', () => {
  it('issue 17 item 15: carry the global frequency cap, the same as the banner route', async () => {
    const piece = await publish();
    await activeCampaign(`Cap appeal ${Date.now()}`);
    const route = await c().get('/v1/content/donation-banners').query({ article: piece.slug, placement: 'after_body', reader: 'r-1' });
    expect(route.status, JSON.stringify(route.body)).toBe(200);
    expect(route.body.globalCap).toEqual({ maxPerDay: 2, maxPerWeek: 7 });
    for (const reader of ['r-1', 'r-2', undefined]) {
      const page = await c()
        .get(`/v1/content/articles/${piece.slug}`)
        .query(reader ? { reader } : {});
      expect(page.status).toBe(200);
      expect(page.body.donationGlobalCap).toEqual(route.body.globalCap);
      // the public shape, as the route answers it (no campaign or variant names, no priority)
      if (reader === 'r-1') expect(page.body.donationBanners.after_body).toEqual(route.body.banner);
      expect(Object.keys(page.body.donationBanners.after_body).sort()).toEqual(Object.keys(route.body.banner).sort());
    }
  });
});
