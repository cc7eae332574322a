import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '#libs/outbox';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { publishedArticle } from '../support/magazine.js';
import { makeTopImage, makeWorld, type World } from '../support/world.js';

/** Issue 22 item 5: site settings and navigation, edited by admins, served cached and purged like pages. */

const purges: string[][] = [];
let cdn: Server;
let t: TestApp;
let admin: Credential;
let editor: Credential;
let key: string;
let w: World;
let listId: string;
let otherListId: string;
const c = () => t.http().set('X-Api-Key', key);

const doc = (extra: Record<string, unknown> = {}) => ({
  title: 'The Foreign Desk',
  description: 'Independent analysis of foreign policy.',
  logoImageId: null,
  socialAccounts: [
    { network: 'bluesky', url: 'https://bsky.app/profile/foreigndesk.example', label: '@foreigndesk' },
    { network: 'x', url: 'https://x.com/foreigndesk', label: null },
  ],
  preferredSource: { label: 'Make us a preferred source on Google', url: 'https://www.google.com/preferences/source?q=foreigndesk.example' },
  menus: {
    primary: [{ label: 'Regions', url: '/regions', children: [{ label: 'Europe', url: '/europe' }] }],
    footer: [
      { label: 'About', url: '/about', children: [] },
      { label: 'Donate', url: 'https://donate.example.org/', children: [] },
    ],
  },
  newsletterBox: { heading: 'Subscribe now to our weekly round-up', body: 'Staff analysis, opinion, and news.', buttonLabel: 'Subscribe', listIds: [listId] },
  sectionBoxes: [],
  ...extra,
});

async function put(body: unknown, ifMatch?: string, who: Credential = admin) {
  const r = t.http().put('/v1/admin/site-settings').set(who.auth);
  if (ifMatch !== undefined) r.set('If-Match', ifMatch);
  return r.send(body as object);
}

async function relayAll(): Promise<void> {
  const relay = t.app.get(OutboxRelay);
  for (let i = 0; i < 50 && (await relay.tick()) > 0; i++);
}

async function relayUntilPurged(surrogateKey: string, since: number): Promise<void> {
  const relay = t.app.get(OutboxRelay);
  for (let i = 0; i < 50; i++) {
    if (purges.slice(since).some((keys) => keys.includes(surrogateKey))) return;
    await relay.tick();
  }
  throw new Error(`no purge of ${surrogateKey}: ${JSON.stringify(purges.slice(since))}`);
}

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
  t = await createTestApp({ env: { CDN_PURGE_URL: `http://127.0.0.1:${(cdn.address() as AddressInfo).port}/purge` } });
  admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  key = await contentKey(t, admin);
  w = await makeWorld(t, editor);
  listId = (await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Weekly round-up', description: 'Staff analysis, opinion, and news' })).body.id;
  otherListId = (await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Africa briefing', description: 'Every Thursday' })).body.id;
});
afterAll(async () => {
  await t?.close();
  cdn?.close();
});

describe('the admin API', () => {
  it('admins only: editors and contributors are refused', async () => {
    expect((await t.http().get('/v1/admin/site-settings').set(editor.auth)).status).toBe(403);
    const writer = await actingAs(t, 'contributor');
    expect((await put(doc(), '"s0"', writer)).status).toBe(403);
    expect((await put(doc(), '"s0"', editor)).body.error.code).toBe('AUTH_FORBIDDEN');
  });

  it('defaults before the first save, version 0; If-Match is required and checked', async () => {
    const first = await t.http().get('/v1/admin/site-settings').set(admin.auth);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('"s0"');
    expect(first.body).toMatchObject({ version: 0, updatedAt: null, socialAccounts: [], menus: { primary: [], footer: [] } });

    const none = await put(doc());
    expect(none.status).toBe(428);
    expect(none.body.error.code).toBe('SITE_SETTINGS_IF_MATCH_REQUIRED');
    const garbled = await put(doc(), 'v1');
    expect(garbled.status).toBe(400);
    expect(garbled.body.error.code).toBe('SITE_SETTINGS_IF_MATCH_INVALID');
    const stale = await put(doc(), '"s7"');
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('SITE_SETTINGS_VERSION_CONFLICT');
    expect((await t.http().get('/v1/admin/site-settings').set(admin.auth)).body.version).toBe(0);
  });

  it('bad input is a 400 naming each field, and changes nothing', async () => {
    const cases: [unknown, string, string][] = [
      [doc({ title: ' ' }), 'SITE_SETTINGS_INVALID', 'title'],
      [doc({ surprise: 1 }), 'VALIDATION_FAILED', 'surprise'],
      [doc({ socialAccounts: [{ network: 'myspace', url: 'https://myspace.com/x', label: null }] }), 'VALIDATION_FAILED', 'socialAccounts.0.network'],
      [doc({ socialAccounts: [{ network: 'x', url: 'http://x.com/plain', label: null }] }), 'SITE_SETTINGS_INVALID', 'socialAccounts.0.url'],
      [doc({ menus: { primary: [{ label: 'Evil', url: 'javascript:alert(1)', children: [] }], footer: [] } }), 'SITE_SETTINGS_INVALID', 'menus.primary.0.url'],
      [
        doc({ newsletterBox: { heading: 'h', body: '', buttonLabel: 'Go', listIds: ['00000000-0000-4000-8000-000000000000'] } }),
        'SITE_SETTINGS_INVALID',
        'newsletterBox.listIds.0',
      ],
      [
        doc({ sectionBoxes: [{ sectionId: '00000000-0000-4000-8000-000000000000', heading: null, body: null, buttonLabel: null, listIds: null }] }),
        'SITE_SETTINGS_INVALID',
        'sectionBoxes.0.sectionId',
      ],
      [doc({ logoImageId: '00000000-0000-4000-8000-000000000000' }), 'IMAGE_NOT_FOUND', 'logoImageId'],
    ];
    for (const [body, code, field] of cases) {
      const r = await put(body, '"s0"');
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.code, field).toBe(code);
      expect(JSON.stringify(r.body.error.details), code).toContain(field);
    }
    expect((await t.http().get('/v1/admin/site-settings').set(admin.auth)).body.version).toBe(0);
  });
});

describe('GET /v1/content/settings', () => {
  it('serves the saved settings with the logo, lists and section boxes resolved; cached until the save is relayed, then purged', async () => {
    const before = await c().get('/v1/content/settings');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ title: 'Newsroom', logo: null, updatedAt: null });
    expect(before.headers['surrogate-key']).toContain('site-settings');
    expect((await c().get('/v1/content/settings').set('If-None-Match', before.headers.etag!)).status).toBe(304);
    await c().get('/v1/content/settings'); // past the cache's doorkeeper: stored now

    const logo = await makeTopImage(t, editor, 'The Foreign Desk');
    const since = purges.length;
    const saved = await put(
      doc({ logoImageId: logo, sectionBoxes: [{ sectionId: w.sectionId, heading: 'Europe, every Friday', body: null, buttonLabel: null, listIds: [otherListId, listId] }] }),
      '"s0"',
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.headers.etag).toBe('"s1"');
    expect(saved.body.version).toBe(1);
    const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_log WHERE action = 'site_settings.update'`);
    expect(audit).toHaveLength(1);

    // the change reaches readers when it is relayed (the same NOTIFY and CDN purge as a page change);
    // whether a read before the relay is still the cached one depends on the cache's timing, so not asserted
    await relayUntilPurged('site-settings', since);
    const after = await c().get('/v1/content/settings');
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const s = after.body;
    expect(s.title).toBe('The Foreign Desk');
    expect(s.logo).toMatchObject({ alt: 'The Foreign Desk', width: 1600, height: 900 });
    expect(s.logo.url).toMatch(/^https?:\/\//);
    expect(s.socialAccounts.map((a: { network: string }) => a.network)).toEqual(['bluesky', 'x']);
    expect(s.preferredSource.label).toMatch(/preferred source/);
    expect(s.menus.primary[0].children[0]).toEqual({ label: 'Europe', url: '/europe' });
    expect(s.menus.footer).toHaveLength(2);
    expect(s.newsletterBox).toMatchObject({ heading: 'Subscribe now to our weekly round-up', buttonLabel: 'Subscribe' });
    expect(s.newsletterBox.lists.map((l: { id: string }) => l.id)).toEqual([listId]);
    expect(s.sectionBoxes).toHaveLength(1);
    expect(s.sectionBoxes[0]).toMatchObject({ heading: 'Europe, every Friday', body: 'Staff analysis, opinion, and news.', buttonLabel: 'Subscribe' });
    expect(s.sectionBoxes[0].section.id).toBe(w.sectionId);
    expect(s.sectionBoxes[0].lists.map((l: { id: string }) => l.id)).toEqual([otherListId, listId]);

    // a stale write after that save is refused
    expect((await put(doc(), '"s0"')).status).toBe(412);
  });

  it('a list closed since the save drops out of the box', async () => {
    const since = purges.length;
    expect((await t.http().delete(`/v1/admin/newsletter/lists/${otherListId}`).set(admin.auth)).status).toBe(200);
    await relayUntilPurged('newsletter-box', since);
    const s = (await c().get('/v1/content/settings')).body;
    expect(s.sectionBoxes[0].lists.map((l: { id: string }) => l.id)).toEqual([listId]);
  });

  it('issue 22 items 5 and 6: a page’s newsletter box follows its section, and its publisher follows the settings, once relayed', async () => {
    const w2 = await makeWorld(t, editor);
    const own = await publishedArticle(t, editor, w);
    const other = await publishedArticle(t, editor, w2);
    const page = async (slug: string) => {
      const r = await c().get(`/v1/content/articles/${slug}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r;
    };
    for (let i = 0; i < 3; i++) await Promise.all([page(own.slug), page(other.slug)]); // cached now
    const before = await page(own.slug);
    expect(before.headers['surrogate-key']).toContain('site-settings');
    expect(before.body.article.jsonLd.publisher.name).toBe('The Foreign Desk');

    const europe = (await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Europe brief', description: 'Fridays' })).body.id as string;
    const logo = await makeTopImage(t, editor, 'The Foreign Desk, new logo');
    const current = await t.http().get('/v1/admin/site-settings').set(admin.auth);
    await relayAll();
    const since = purges.length;
    const saved = await put(
      doc({
        title: 'Foreign Desk Weekly',
        logoImageId: logo,
        sectionBoxes: [{ sectionId: w.sectionId, heading: 'Europe, every Friday', body: null, buttonLabel: 'Get it', listIds: [europe, listId] }],
      }),
      current.headers.etag,
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await relayUntilPurged('site-settings', since);

    const mine = (await page(own.slug)).body;
    expect(mine.newsletterBox).toMatchObject({
      heading: 'Europe, every Friday',
      body: 'Staff analysis, opinion, and news.',
      buttonLabel: 'Get it',
      subscribePath: '/v1/content/newsletter/subscriptions',
    });
    expect(mine.newsletterBox.lists.map((l: { id: string }) => l.id)).toEqual([europe, listId]);
    const theirs = (await page(other.slug)).body;
    expect(theirs.newsletterBox).toMatchObject({ heading: 'Subscribe now to our weekly round-up', buttonLabel: 'Subscribe' });
    expect(theirs.newsletterBox.lists.map((l: { id: string }) => l.id)).toEqual([listId]);

    // the publisher of pages written before the change is the new one, logo and all
    const settings = (await c().get('/v1/content/settings')).body;
    for (const p of [mine, theirs]) {
      expect(p.article.jsonLd.publisher).toMatchObject({
        '@type': 'Organization',
        name: 'Foreign Desk Weekly',
        logo: { '@type': 'ImageObject', url: settings.logo.url, width: 1600, height: 900 },
      });
      expect(p.article.openGraph.siteName).toBe('Foreign Desk Weekly');
    }
    const stored = await t.sql<{ name: string; body_has: boolean }>(
      `SELECT page->'jsonLd'->'publisher'->>'name' AS name, position('Foreign Desk Weekly' in page_body) > 0 AS body_has FROM published_articles WHERE article_id = ANY($1::uuid[])`,
      [[own.id, other.id]],
    );
    expect(stored).toEqual([
      { name: 'Foreign Desk Weekly', body_has: true },
      { name: 'Foreign Desk Weekly', body_has: true },
    ]);
    // the preview's box is the live page's
    const link = await t.http().post(`/v1/admin/articles/${own.id}/preview-links`).set(editor.auth).send({});
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    const preview = await c().get(`/v1/content/preview/${link.body.token}`);
    expect(preview.body.newsletterBox).toEqual(mine.newsletterBox);
  });

  it('needs a content key', async () => {
    expect((await t.http().get('/v1/content/settings')).status).toBe(401);
  });
});
