import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp, responseHeader } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

/**
 * Issue 17, items 9, 10, 12, 21, 22: what an editor types into bodies, plain-text, date and URL
 * fields, read back through the admin and content APIs and the feeds.
 */

let t: TestApp;
let editor: Credential;
let admin: Credential;
let key: string;
let w: World;
const uniq = () => randomBytes(4).toString('hex');

beforeAll(async () => {
  t = await createTestApp();
  editor = await actingAs(t, 'editor');
  admin = await actingAs(t, 'admin');
  key = await contentKey(t, admin);
  w = await makeWorld(t, editor);
});
afterAll(async () => {
  await t?.close();
});

/** A credited top image with alt text (what the publish gate asks for). */
async function topImage(): Promise<string> {
  const party = await t
    .http()
    .post('/v1/admin/credit-parties')
    .set(editor.auth)
    .send({ kind: 'person', name: `Photographer ${uniq()}` });
  expect(party.status, JSON.stringify(party.body)).toBe(201);
  const image = await t
    .http()
    .post('/v1/admin/images/by-url')
    .set(editor.auth)
    .send({ url: `https://img.example.org/${uniq()}.jpg`, width: 1600, height: 900, altText: 'A harbour at dusk' });
  expect(image.status, JSON.stringify(image.body)).toBeLessThan(300);
  const credit = await t.http().put(`/v1/admin/images/${image.body.id}/credit`).set(editor.auth).send({ photographerId: party.body.id });
  expect(credit.status, JSON.stringify(credit.body)).toBeLessThan(300);
  return image.body.id as string;
}

async function draft(extra: Record<string, unknown> = {}) {
  const r = await t
    .http()
    .post('/v1/admin/articles')
    .set(editor.auth)
    .send(completeArticle(w, { topImageId: await topImage(), ...extra }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r;
}

async function published(extra: Record<string, unknown> = {}) {
  const r = await draft(extra);
  for (const action of ['submit', 'approve', 'publish']) {
    const step = await act(t, editor, r.body.id, action);
    expect(step.status, `${action}: ${JSON.stringify(step.body)}`).toBe(200);
  }
  return r.body as { id: string; slug: string };
}

const content = (url: string) => t.http().get(url).set('X-Api-Key', key);

describe('issue 17 item 9: a disallowed iframe is dropped entirely', () => {
  it('leaves no empty frame behind; an allowed one stays', async () => {
    const r = await draft({
      bodyHtml:
        '<p>Before.</p><iframe src="https://evil.example/embed" width="600" height="400"></iframe>' +
        '<iframe src="javascript:alert(1)" width="600" height="400">fallback text</iframe>' +
        '<iframe src="https://user:pw@www.youtube.com/embed/x" width="600"></iframe>' +
        '<iframe width="600" height="400"></iframe>' +
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315"></iframe><p>After.</p>',
    });
    const frames = (r.body.bodyHtml as string).match(/<iframe[^>]*>/g) ?? [];
    expect(frames).toEqual(['<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315">']);
    expect(r.body.bodyHtml).not.toContain('fallback text');
  });
});

describe('issue 17 item 10: derived text comes from a parser, plain-text fields stay text', () => {
  it('a literal "<" in the body keeps the words after it in text, excerpt, word count and search', async () => {
    const word = `zq${uniq()}`;
    const a = await published({ bodyHtml: `<p>Turnout was x &lt;y in the east, where ${word} voters stayed home.</p><p>Second paragraph &amp; more.</p>` });
    const admin1 = await t.http().get(`/v1/admin/articles/${a.id}`).set(editor.auth);
    expect(admin1.body.bodyText).toBe(`Turnout was x <y in the east, where ${word} voters stayed home.\n\nSecond paragraph & more.`);
    expect(admin1.body.wordCount).toBe(15);
    expect(admin1.body.excerpt).toContain(`${word} voters`);
    const page = await content(`/v1/content/articles/${a.slug}`);
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).toContain(`${word} voters`);
    const search = await content(`/v1/content/search?q=${word}`);
    expect(search.status).toBe(200);
    expect(JSON.stringify(search.body)).toContain(a.id);
    const list = await content('/v1/content/articles?limit=100');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).toContain(`${word} voters stayed home.`);
  });

  it('a typed <angles> in a dek is text; six layers of encoded script reach no feed', async () => {
    const a = await published({ dek: 'Why <angles> matter, and x <y in the east' });
    expect((await t.http().get(`/v1/admin/articles/${a.id}`).set(editor.auth)).body.dek).toBe('Why <angles> matter, and x <y in the east');
    let six = '<script>alert(1)</script>';
    for (let i = 0; i < 6; i++) six = six.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const b = await published({ dek: `Six layers ${six} deep` });
    const stored = (await t.http().get(`/v1/admin/articles/${b.id}`).set(editor.auth)).body.dek as string;
    expect(stored).toBe('Six layers deep');
    const feed = await t.http().get('/feed.xml');
    expect(feed.status).toBe(200);
    // an RSS description is HTML once XML-decoded: the typed angles are escaped text there
    expect(feed.text).toContain('Why &amp;lt;angles&amp;gt; matter');
    expect(feed.text).not.toMatch(/<script|lt;script|alert/i);
  });
});

describe('issue 17 item 12: every date input is a real calendar date in a sane range', () => {
  const BAD = [
    '275760-09-13T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '2026-02-30',
    '2026-02-30T09:00:00Z',
    '2026-04-31T10:00:00+02:00',
    '2026-01-01T25:00:00Z',
    'next tuesday',
    '1767225600000',
  ];
  const refused = (r: { status: number; body: { error?: { code?: string; details?: { field?: string }[] } } }, field: string, what: string) => {
    expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(400);
    expect(r.body.error?.code, what).toBe('VALIDATION_FAILED');
    expect(
      r.body.error?.details?.map((d) => d.field),
      what,
    ).toContain(field);
  };

  it('scheduling and embargo: 400 VALIDATION_FAILED, nothing changes', async () => {
    const a = await draft();
    for (const action of ['submit', 'approve']) expect((await act(t, editor, a.body.id, action)).status).toBe(200);
    for (const at of BAD) refused(await act(t, editor, a.body.id, 'schedule', { at }), 'at', `schedule at ${at}`);
    expect((await t.http().get(`/v1/admin/articles/${a.body.id}`).set(editor.auth)).body.status).toBe('approved');
    const b = await draft();
    for (const embargoUntil of BAD) {
      const etag = responseHeader(await t.http().get(`/v1/admin/articles/${b.body.id}`).set(editor.auth), 'etag');
      refused(await t.http().patch(`/v1/admin/articles/${b.body.id}`).set(editor.auth).set('If-Match', etag).send({ embargoUntil }), 'embargoUntil', `embargo ${embargoUntil}`);
    }
    refused(
      await t
        .http()
        .post('/v1/admin/articles')
        .set(editor.auth)
        .send(completeArticle(w, { embargoUntil: '2026-02-30T00:00:00Z' })),
      'embargoUntil',
      'create',
    );
    expect((await t.http().get(`/v1/admin/articles/${b.body.id}`).set(editor.auth)).body.embargoUntil).toBeNull();
    // a real date in range still works
    const fine = new Date(Date.now() + 86_400_000).toISOString();
    expect((await act(t, editor, a.body.id, 'schedule', { at: fine })).status).toBe(200);
  });

  it('campaign dates, licence expiry, audit and report ranges, banner events', async () => {
    for (const v of BAD) {
      refused(
        await t
          .http()
          .post('/v1/admin/donation-campaigns')
          .set(admin.auth)
          .send({ name: `Dates ${uniq()}`, placement: 'after_body', endsAt: v }),
        'endsAt',
        `campaign endsAt ${v}`,
      );
      const image = await topImage();
      refused(await t.http().put(`/v1/admin/images/${image}/license`).set(editor.auth).send({ expiresAt: v }), 'expiresAt', `licence ${v}`);
      refused(await t.http().get('/v1/admin/audit-log').query({ from: v }).set(admin.auth), 'from', `audit from ${v}`);
      refused(
        await t
          .http()
          .post('/v1/content/donation-campaigns/events')
          .set('X-Api-Key', key)
          .send({ events: [{ eventId: crypto.randomUUID(), type: 'impression', campaignId: crypto.randomUUID(), variantId: crypto.randomUUID(), at: v }] }),
        'events.0.at',
        `event at ${v}`,
      );
    }
    for (const day of ['2026-02-30', '2026-13-01', '0001-01-01', '2026-02-29']) {
      refused(await t.http().get('/v1/admin/newsletter/reports/growth').query({ from: day }).set(admin.auth), 'from', `growth from ${day}`);
    }
  });
});

describe('issue 17 item 22: URL fields hold the WHATWG serialization, never a user:password part', () => {
  const TYPED = 'https://example.org/a path/"q"<b>\\c?x="1"';
  const STORED = new URL(TYPED).href;
  const WITH_USER = 'https://editor:s3cret@example.org/x';
  const refusedUserinfo = (r: { status: number; body: { error?: { details?: { field?: string; code?: string }[] } } }, field: string, what: string) => {
    expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(400);
    expect(r.body.error?.details?.find((d) => d.field === field)?.code, what).toBe('urlCredentials');
  };

  it('canonical URL', async () => {
    expect(STORED).toBe('https://example.org/a%20path/%22q%22%3Cb%3E/c?x=%221%22');
    const a = await draft({ canonicalUrl: TYPED });
    expect(a.body.canonicalUrl).toBe(STORED);
    refusedUserinfo(
      await t
        .http()
        .post('/v1/admin/articles')
        .set(editor.auth)
        .send(completeArticle(w, { canonicalUrl: WITH_USER })),
      'canonicalUrl',
      'canonical create',
    );
    const etag = responseHeader(await t.http().get(`/v1/admin/articles/${a.body.id}`).set(editor.auth), 'etag');
    refusedUserinfo(
      await t.http().patch(`/v1/admin/articles/${a.body.id}`).set(editor.auth).set('If-Match', etag).send({ canonicalUrl: WITH_USER }),
      'canonicalUrl',
      'canonical patch',
    );
    expect((await t.http().get(`/v1/admin/articles/${a.body.id}`).set(editor.auth)).body.canonicalUrl).toBe(STORED);
  });

  it('call-to-action, credit party, image credit and image address', async () => {
    const campaign = await t
      .http()
      .post('/v1/admin/donation-campaigns')
      .set(admin.auth)
      .send({ name: `URLs ${uniq()}`, placement: 'after_body' });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    const variant = (ctaUrl: string) =>
      t
        .http()
        .post(`/v1/admin/donation-campaigns/${campaign.body.id}/variants`)
        .set(admin.auth)
        .send({ name: `V ${uniq()}`, weight: 1, headline: 'Dear readers', bodyHtml: '<p>Give.</p>', ctaLabel: 'Give', ctaUrl });
    const v = await variant(TYPED);
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    expect(JSON.stringify(v.body)).toContain(JSON.stringify(STORED));
    expect(JSON.stringify(v.body)).not.toContain('"q"<b>');
    refusedUserinfo(await variant(WITH_USER), 'ctaUrl', 'cta');

    const party = await t
      .http()
      .post('/v1/admin/credit-parties')
      .set(editor.auth)
      .send({ kind: 'agency', name: `Agency ${uniq()}`, url: TYPED });
    expect(party.status, JSON.stringify(party.body)).toBe(201);
    expect(party.body.url).toBe(STORED);
    refusedUserinfo(
      await t
        .http()
        .post('/v1/admin/credit-parties')
        .set(editor.auth)
        .send({ kind: 'agency', name: `Agency ${uniq()}`, url: WITH_USER }),
      'url',
      'party',
    );

    const image = await topImage();
    const credit = await t.http().put(`/v1/admin/images/${image}/credit`).set(editor.auth).send({ agencyId: party.body.id, url: TYPED });
    expect(credit.status, JSON.stringify(credit.body)).toBe(200);
    expect(JSON.stringify(credit.body)).toContain(JSON.stringify(STORED));
    refusedUserinfo(await t.http().put(`/v1/admin/images/${image}/credit`).set(editor.auth).send({ agencyId: party.body.id, url: WITH_USER }), 'url', 'credit');

    const typedImage = `https://img.example.org/${uniq()}/a "b".jpg`;
    const registered = await t.http().post('/v1/admin/images/by-url').set(editor.auth).send({ url: typedImage, width: 10, height: 10 });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.url).toBe(new URL(typedImage).href);
  });
});

describe('issue 17 (also found): banner events for articles that do not exist are refused', () => {
  it('a conversion naming no live article: 400 BANNER_EVENT_UNKNOWN_ARTICLE, nothing counted; a live one counts', async () => {
    const c = await t
      .http()
      .post('/v1/admin/donation-campaigns')
      .set(admin.auth)
      .send({ name: `Events ${uniq()}`, placement: 'after_body' });
    const v = await t
      .http()
      .post(`/v1/admin/donation-campaigns/${c.body.id}/variants`)
      .set(admin.auth)
      .send({ name: 'A', weight: 1, headline: 'Dear readers', bodyHtml: '<p>Give.</p>', ctaLabel: 'Give', ctaUrl: 'https://donate.example.org/' });
    expect((await t.http().post(`/v1/admin/donation-campaigns/${c.body.id}/transitions`).set(admin.auth).send({ action: 'activate' })).status).toBe(200);
    const live = await published();
    const unpublishedDraft = (await draft()).body.id as string;
    const post = (articleId: string) =>
      t
        .http()
        .post('/v1/content/donation-campaigns/events')
        .set('X-Api-Key', key)
        .send({ events: [{ eventId: crypto.randomUUID(), type: 'conversion', campaignId: c.body.id, variantId: v.body.id, articleId }] });
    const counted = async () =>
      (await t.sql<{ n: number }>(`SELECT COALESCE(sum(conversions), 0)::int AS n FROM donation_banner_daily_counts WHERE campaign_id = $1`, [c.body.id]))[0]!.n;
    for (const articleId of [crypto.randomUUID(), unpublishedDraft]) {
      const r = await post(articleId);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.details).toEqual([expect.objectContaining({ field: 'events.0.articleId', code: 'BANNER_EVENT_UNKNOWN_ARTICLE' })]);
    }
    expect(await counted()).toBe(0);
    const ok = await post(live.id);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(await counted()).toBe(1);
  });
});
