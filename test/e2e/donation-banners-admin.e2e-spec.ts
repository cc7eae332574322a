import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BannerArticleContextSource, InMemoryBannerArticleContextSource } from '#libs/donation-banners';
import { FixedClock } from '#libs/kernel';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';

const NOW = new Date('2026-12-10T12:00:00Z');
const clock = new FixedClock(NOW);
let t: TestApp;
let admin: Credential;
let editor: Credential;
let contributor: Credential;
let key: string;

const variantBody = (over: Record<string, unknown> = {}) => ({
  name: 'A',
  weight: 1,
  headline: 'Dear readers:',
  bodyHtml: '<p>Independent analysis depends on you. <strong>Please give before year end.</strong></p>',
  ctaLabel: 'Give now',
  ctaUrl: 'https://donate.example.org/year-end',
  ...over,
});

async function draft(body: Record<string, unknown> = {}) {
  const r = await t
    .http()
    .post('/v1/admin/donation-campaigns')
    .set(editor.auth)
    .send({ name: 'Year-end appeal', placement: 'after_body', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; status: string };
}

const counts = async () =>
  (
    await t.sql<{ c: string; v: string; a: string }>(
      `SELECT (SELECT count(*) FROM donation_campaigns)::text c, (SELECT count(*) FROM donation_campaign_variants)::text v, (SELECT count(*) FROM audit_log WHERE action LIKE 'donation_campaign.%')::text a`,
    )
  )[0];

/**
 * Test stand-in for the published-article read model: banner choice asks the bound
 * BannerArticleContextSource, whose `find` now answers from memory (this app only).
 */
function standInForReadModel(app: TestApp['app']): InMemoryBannerArticleContextSource {
  const memory = new InMemoryBannerArticleContextSource();
  const source = app.get(BannerArticleContextSource);
  source.find = (ref) => memory.find(ref);
  return memory;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  contributor = await actingAs(t, 'contributor');
  key = await contentKey(t, admin);
});
afterAll(() => t?.close());

describe('access', () => {
  it('admin routes need banners.manage; content routes need an API key', async () => {
    const c = await draft();
    const routes: ['get' | 'post' | 'patch' | 'delete' | 'put', string][] = [
      ['get', '/v1/admin/donation-campaigns'],
      ['post', '/v1/admin/donation-campaigns'],
      ['get', `/v1/admin/donation-campaigns/${c.id}`],
      ['patch', `/v1/admin/donation-campaigns/${c.id}`],
      ['delete', `/v1/admin/donation-campaigns/${c.id}`],
      ['post', `/v1/admin/donation-campaigns/${c.id}/transitions`],
      ['get', `/v1/admin/donation-campaigns/${c.id}/report`],
      ['post', `/v1/admin/donation-campaigns/${c.id}/variants`],
      ['get', '/v1/admin/donation-campaigns/preview'],
      ['put', `/v1/admin/articles/${randomUUID()}/appeals`],
    ];
    for (const [method, path] of routes) {
      const anon = await t.http()[method](path);
      expect(anon.status, `${method} ${path}`).toBe(401);
      const denied = await t.http()[method](path).set(contributor.auth);
      expect(denied.status, `${method} ${path}`).toBe(403);
      expect(denied.body.error.code).toBe('AUTH_FORBIDDEN');
    }
    const [still] = await t.sql<{ n: string }>(`SELECT count(*)::text n FROM donation_campaigns WHERE id = $1`, [c.id]);
    expect(still!.n).toBe('1');
    const noKey = await t.http().get('/v1/content/donation-banners?placement=after_body').set(admin.auth);
    expect(noKey.status).toBe(401);
    expect(noKey.body.error.code).toBe('API_KEY_MISSING');
    const events = await t.http().post('/v1/content/donation-campaigns/events').send({ events: [] });
    expect(events.status).toBe(401);
    const withKey = await t.http().get('/v1/content/donation-banners?placement=after_body').set('X-Api-Key', key);
    expect(withKey.status).toBe(200);
  });
});

describe('campaigns', () => {
  it('are created as drafts with defaults, and audited', async () => {
    const before = await counts();
    const r = await t
      .http()
      .post('/v1/admin/donation-campaigns')
      .set(editor.auth)
      .send({
        name: '  Year-end appeal 2026 ',
        startsAt: '2026-12-01T00:00:00Z',
        endsAt: '2027-01-01T00:00:00Z',
        placement: 'inline_after_paragraph',
        paragraph: 4,
        priority: 5,
        targeting: { includeSectionIds: [randomUUID().toUpperCase()], excludeTagIds: [randomUUID()] },
        frequency: { startAfterPageviews: 2, maxPerDay: 1 },
      });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: 'Year-end appeal 2026',
      status: 'draft',
      placement: 'inline_after_paragraph',
      paragraph: 4,
      priority: 5,
      startsAt: '2026-12-01T00:00:00.000Z',
      frequency: { startAfterPageviews: 2, everyNthPageview: 1, maxPerDay: 1, maxPerWeek: null },
      variants: [],
      activatedAt: null,
    });
    expect(r.body.targeting.includeSectionIds[0]).toMatch(/^[0-9a-f-]{36}$/);
    const after = await counts();
    expect(Number(after!.c)).toBe(Number(before!.c) + 1);
    const [audit] = await t.sql<{ actor_id: string; action: string }>(`SELECT actor_id, action FROM audit_log WHERE target_id = $1`, [r.body.id]);
    expect(audit).toEqual({ actor_id: editor.accountId, action: 'donation_campaign.create' });
  });

  it('refuse bad input with a stable code and write nothing', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: 'x', placement: 'sidebar' }, 'VALIDATION_FAILED', 'placement'],
      [{ name: 'x', placement: 'inline_after_paragraph' }, 'BANNER_CAMPAIGN_INVALID', 'paragraph'],
      [{ name: 'x', placement: 'after_body', paragraph: 3 }, 'BANNER_CAMPAIGN_INVALID', 'paragraph'],
      [{ name: 'x', placement: 'after_body', startsAt: '2026-12-02T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' }, 'BANNER_CAMPAIGN_INVALID', 'endsAt'],
      [{ name: 'x', placement: 'after_body', targeting: { includeTagIds: ['not-a-uuid'] } }, 'VALIDATION_FAILED', 'targeting.includeTagIds'],
      [{ name: 'x', placement: 'after_body', targeting: { sections: [] } }, 'VALIDATION_FAILED', 'targeting.sections'],
      [{ name: 'x', placement: 'after_body', frequency: { maxPerDay: 5, maxPerWeek: 2 } }, 'BANNER_CAMPAIGN_INVALID', 'frequency.maxPerWeek'],
      [{ name: 'x', placement: 'after_body', status: 'active' }, 'VALIDATION_FAILED', 'status'],
      [{ name: '   ', placement: 'after_body' }, 'BANNER_CAMPAIGN_INVALID', 'name'],
    ];
    const id = randomUUID();
    const both = { name: 'x', placement: 'after_body', targeting: { includeArticleIds: [id], excludeArticleIds: [id] } };
    cases.push([both, 'BANNER_CAMPAIGN_INVALID', 'targeting.includeArticleIds']);
    for (const [body, code, field] of cases) {
      const before = await counts();
      const r = await t.http().post('/v1/admin/donation-campaigns').set(editor.auth).send(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await counts()).toEqual(before);
    }
  });

  it('move only through transitions, each audited', async () => {
    const c = await draft();
    const act = (action: string) => t.http().post(`/v1/admin/donation-campaigns/${c.id}/transitions`).set(editor.auth).send({ action });

    const noVariant = await act('activate');
    expect(noVariant.status).toBe(409);
    expect(noVariant.body.error.code).toBe('BANNER_CAMPAIGN_NO_VARIANTS');

    const retired = await t
      .http()
      .post(`/v1/admin/donation-campaigns/${c.id}/variants`)
      .set(editor.auth)
      .send(variantBody({ weight: 0 }));
    expect(retired.status).toBe(201);
    expect((await act('activate')).body.error.code).toBe('BANNER_CAMPAIGN_NO_VARIANTS');
    await t.http().patch(`/v1/admin/donation-campaigns/${c.id}/variants/${retired.body.id}`).set(editor.auth).send({ weight: 3 }).expect(200);

    expect((await act('pause')).body.error.code).toBe('BANNER_TRANSITION_NOT_ALLOWED');
    const active = await act('activate');
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ status: 'active', activatedAt: NOW.toISOString() });
    expect((await act('activate')).status).toBe(409);
    expect((await act('pause')).body.status).toBe('paused');
    expect((await act('resume')).body.status).toBe('active');
    expect((await act('end')).body).toMatchObject({ status: 'ended', endedAt: NOW.toISOString() });
    const again = await act('resume');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('BANNER_TRANSITION_NOT_ALLOWED');
    expect((await act('publish')).status).toBe(400);

    const rows = await t.sql<{ action: string }>(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY at, action`, [c.id]);
    expect(rows.map((r) => r.action).sort()).toEqual(
      ['donation_campaign.create', 'donation_campaign.activate', 'donation_campaign.pause', 'donation_campaign.resume', 'donation_campaign.end'].sort(),
    );
    const [stored] = await t.sql<{ status: string }>(`SELECT status FROM donation_campaigns WHERE id = $1`, [c.id]);
    expect(stored!.status).toBe('ended');

    // an ended campaign is frozen
    const edit = await t.http().patch(`/v1/admin/donation-campaigns/${c.id}`).set(editor.auth).send({ name: 'again' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('BANNER_CAMPAIGN_ENDED');
    const add = await t
      .http()
      .post(`/v1/admin/donation-campaigns/${c.id}/variants`)
      .set(editor.auth)
      .send(variantBody({ name: 'B' }));
    expect(add.body.error.code).toBe('BANNER_CAMPAIGN_ENDED');
  });

  it('are edited field by field; placement changes drop the paragraph', async () => {
    const c = await draft({ placement: 'inline_after_paragraph', paragraph: 2, targeting: { includeTagIds: [randomUUID()] } });
    const r = await t.http().patch(`/v1/admin/donation-campaigns/${c.id}`).set(editor.auth).send({ placement: 'top_bar', endsAt: '2027-01-01T00:00:00Z' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ placement: 'top_bar', paragraph: null, endsAt: '2027-01-01T00:00:00.000Z', name: 'Year-end appeal' });
    expect(r.body.targeting.includeTagIds).toHaveLength(1);
    const cleared = await t.http().patch(`/v1/admin/donation-campaigns/${c.id}`).set(editor.auth).send({ endsAt: null, targeting: {} });
    expect(cleared.body.endsAt).toBeNull();
    expect(cleared.body.targeting.includeTagIds).toEqual([]);
    const bad = await t.http().patch(`/v1/admin/donation-campaigns/${c.id}`).set(editor.auth).send({ name: null });
    expect(bad.status).toBe(400);
    const [audit] = await t.sql<{ summary: { before: { placement: string }; after: { placement: string } } }>(
      `SELECT summary FROM audit_log WHERE target_id = $1 AND action = 'donation_campaign.update' ORDER BY at LIMIT 1`,
      [c.id],
    );
    expect(audit!.summary.before.placement).toBe('inline_after_paragraph');
    expect(audit!.summary.after.placement).toBe('top_bar');
  });

  it('can be deleted only before they ran', async () => {
    const never = await draft();
    expect((await t.http().delete(`/v1/admin/donation-campaigns/${never.id}`).set(editor.auth)).status).toBe(204);
    expect((await t.http().get(`/v1/admin/donation-campaigns/${never.id}`).set(editor.auth)).body.error.code).toBe('BANNER_CAMPAIGN_NOT_FOUND');

    const ran = await draft();
    const v = await t.http().post(`/v1/admin/donation-campaigns/${ran.id}/variants`).set(editor.auth).send(variantBody());
    await t.http().post(`/v1/admin/donation-campaigns/${ran.id}/transitions`).set(editor.auth).send({ action: 'activate' }).expect(200);
    const del = await t.http().delete(`/v1/admin/donation-campaigns/${ran.id}`).set(editor.auth);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('BANNER_CAMPAIGN_NOT_DRAFT');
    const delVariant = await t.http().delete(`/v1/admin/donation-campaigns/${ran.id}/variants/${v.body.id}`).set(editor.auth);
    expect(delVariant.body.error.code).toBe('BANNER_CAMPAIGN_NOT_DRAFT');
    const [n] = await t.sql<{ n: string }>(`SELECT count(*)::text n FROM donation_campaign_variants WHERE campaign_id = $1`, [ran.id]);
    expect(n!.n).toBe('1');
    await t.http().post(`/v1/admin/donation-campaigns/${ran.id}/transitions`).set(editor.auth).send({ action: 'end' }).expect(200);
  });

  it('list newest first with a cursor and filter on the effective status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await draft({ name: `page ${i}` })).id);
    const first = await t.http().get('/v1/admin/donation-campaigns?limit=2&status=draft').set(editor.auth);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items.every((c: { status: string }) => c.status === 'draft')).toBe(true);
    const seen = new Set<string>(first.body.items.map((c: { id: string }) => c.id));
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await t.http().get(`/v1/admin/donation-campaigns?limit=2&status=draft&cursor=${cursor}`).set(editor.auth);
      next.body.items.forEach((c: { id: string }) => seen.add(c.id));
      cursor = next.body.nextCursor;
    }
    for (const id of ids) expect(seen.has(id)).toBe(true);
    const bad = await t.http().get('/v1/admin/donation-campaigns?cursor=garbage').set(editor.auth);
    expect(bad.body.error.code).toBe('INVALID_CURSOR');
  });
});

describe('variants', () => {
  it('keep a sanitized body and refuse unsafe links', async () => {
    const c = await draft();
    const r = await t
      .http()
      .post(`/v1/admin/donation-campaigns/${c.id}/variants`)
      .set(editor.auth)
      .send(
        variantBody({
          bodyHtml:
            '<p onmouseover="x()">Give <a href="javascript:alert(1)">now</a> <a href="https://give.example">here</a><script>steal()</script></p><iframe src="https://x.example"></iframe>',
        }),
      );
    expect(r.status).toBe(201);
    expect(r.body.bodyHtml).toBe('<p>Give <a>now</a> <a href="https://give.example">here</a></p>');
    const [row] = await t.sql<{ body_html: string }>(`SELECT body_html FROM donation_campaign_variants WHERE id = $1`, [r.body.id]);
    expect(row!.body_html).toBe(r.body.bodyHtml);

    const before = await counts();
    for (const ctaUrl of ['javascript:alert(1)', '/donate', 'mailto:give@example.org', 'ftp://x.example']) {
      const bad = await t
        .http()
        .post(`/v1/admin/donation-campaigns/${c.id}/variants`)
        .set(editor.auth)
        .send(variantBody({ name: 'B', ctaUrl }));
      expect(bad.status, ctaUrl).toBe(400);
      expect(bad.body.error.code).toBe('BANNER_VARIANT_INVALID');
      expect(bad.body.error.details[0].field).toBe('ctaUrl');
    }
    const dup = await t.http().post(`/v1/admin/donation-campaigns/${c.id}/variants`).set(editor.auth).send(variantBody());
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('BANNER_VARIANT_NAME_TAKEN');
    const heavy = await t
      .http()
      .post(`/v1/admin/donation-campaigns/${c.id}/variants`)
      .set(editor.auth)
      .send(variantBody({ name: 'B', weight: 10_001 }));
    expect(heavy.body.error.code).toBe('VALIDATION_FAILED');
    expect(await counts()).toEqual(before);

    const other = await draft();
    const wrong = await t.http().patch(`/v1/admin/donation-campaigns/${other.id}/variants/${r.body.id}`).set(editor.auth).send({ weight: 2 });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.code).toBe('BANNER_VARIANT_NOT_FOUND');
  });
});

describe('the "no appeals" switch', () => {
  it('is set per article, audited, and answered back', async () => {
    const articleId = randomUUID();
    expect((await t.http().get(`/v1/admin/articles/${articleId}/appeals`).set(editor.auth)).body).toEqual({ articleId, noAppeals: false, updatedAt: null });
    const r = await t.http().put(`/v1/admin/articles/${articleId}/appeals`).set(editor.auth).send({ noAppeals: true });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ articleId, noAppeals: true, updatedAt: NOW.toISOString() });
    const [row] = await t.sql<{ no_appeals: boolean }>(`SELECT no_appeals FROM article_appeal_settings WHERE article_id = $1`, [articleId]);
    expect(row!.no_appeals).toBe(true);
    const [audit] = await t.sql<{ action: string }>(`SELECT action FROM audit_log WHERE target_id = $1`, [articleId]);
    expect(audit!.action).toBe('article.appeals_set');
    expect((await t.http().put(`/v1/admin/articles/${articleId}/appeals`).set(editor.auth).send({ noAppeals: 'yes' })).status).toBe(400);
    expect((await t.http().put(`/v1/admin/articles/not-a-uuid/appeals`).set(editor.auth).send({ noAppeals: true })).status).toBe(400);
  });
});

describe('preview', () => {
  it('says which banner an article would show a reader and why not the others', async () => {
    const contexts = standInForReadModel(t.app);
    const section = randomUUID();
    const article = { articleId: randomUUID(), sectionId: section, typeId: randomUUID(), tagIds: [], noAppeals: false };
    contexts.set(article, 'a-preview-slug');

    const winner = await draft({ name: 'winner', priority: 10, targeting: { includeSectionIds: [section] } });
    await t.http().post(`/v1/admin/donation-campaigns/${winner.id}/variants`).set(editor.auth).send(variantBody());
    await t.http().post(`/v1/admin/donation-campaigns/${winner.id}/transitions`).set(editor.auth).send({ action: 'activate' }).expect(200);
    const paused = await draft({ name: 'paused one', priority: 20, targeting: { includeSectionIds: [section] } });
    await t.http().post(`/v1/admin/donation-campaigns/${paused.id}/variants`).set(editor.auth).send(variantBody());
    await t.http().post(`/v1/admin/donation-campaigns/${paused.id}/transitions`).set(editor.auth).send({ action: 'activate' }).expect(200);
    await t.http().post(`/v1/admin/donation-campaigns/${paused.id}/transitions`).set(editor.auth).send({ action: 'pause' }).expect(200);
    const elsewhere = await draft({ name: 'elsewhere', targeting: { includeSectionIds: [randomUUID()] } });

    const r = await t.http().get('/v1/admin/donation-campaigns/preview?article=a-preview-slug&reader=reader-1').set(editor.auth);
    expect(r.status).toBe(200);
    expect(r.body.article).toEqual(article);
    expect(r.body.readerId).toBe('reader-1');
    expect(r.body.at).toBe(NOW.toISOString());
    const afterBody = r.body.placements.find((p: { placement: string }) => p.placement === 'after_body');
    expect(afterBody.banner).toMatchObject({ campaignId: winner.id, campaignName: 'winner', variantName: 'A' });
    const why = Object.fromEntries(afterBody.rejected.map((x: { campaignId: string; reasons: string[] }) => [x.campaignId, x.reasons]));
    expect(why[paused.id]).toEqual(['paused']);
    expect(why[elsewhere.id]).toEqual(['draft', 'section_not_targeted', 'no_variants']);
    expect(r.body.placements.map((p: { placement: string }) => p.placement)).toEqual(['after_body', 'inline_after_paragraph', 'top_bar', 'overlay']);
    expect(r.body.globalCap).toEqual({ maxPerDay: 3, maxPerWeek: 10 });

    const unknown = await t.http().get('/v1/admin/donation-campaigns/preview?article=no-such-article').set(editor.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('BANNER_ARTICLE_NOT_FOUND');
  });
});
