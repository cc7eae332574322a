import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BannerArticleContextSource, BannerChoiceService, DonationCampaignsService, InMemoryBannerArticleContextSource, type BannerArticleContext } from '#libs/donation-banners';
import { FixedClock } from '#libs/kernel';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';

const START = new Date('2026-12-10T12:00:00Z');
const HOUR = 3_600_000;
const clock = new FixedClock(START);
let t: TestApp;
let editor: Credential;
let key: string;
let contexts: InMemoryBannerArticleContextSource;

interface Variant {
  name: string;
  weight: number;
}

/** An active campaign with variants; campaigns of a test target that test's own section. */
async function campaign(body: Record<string, unknown>, variants: Variant[] = [{ name: 'A', weight: 1 }]) {
  const c = await t
    .http()
    .post('/v1/admin/donation-campaigns')
    .set(editor.auth)
    .send({ name: 'appeal', placement: 'after_body', ...body });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const ids: Record<string, string> = {};
  for (const v of variants) {
    const r = await t
      .http()
      .post(`/v1/admin/donation-campaigns/${c.body.id}/variants`)
      .set(editor.auth)
      .send({
        ...v,
        headline: `Dear readers (${v.name})`,
        bodyHtml: '<p>Please give.</p>',
        ctaLabel: 'Give',
        ctaUrl: 'https://donate.example.org/',
      });
    expect(r.status).toBe(201);
    ids[v.name] = r.body.id;
  }
  const a = await t.http().post(`/v1/admin/donation-campaigns/${c.body.id}/transitions`).set(editor.auth).send({ action: 'activate' });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  return { id: c.body.id as string, variants: ids };
}

function article(over: Partial<BannerArticleContext> = {}, slug?: string): BannerArticleContext {
  const ctx = { articleId: randomUUID(), sectionId: randomUUID(), typeId: randomUUID(), tagIds: [], noAppeals: false, ...over };
  contexts.set(ctx, ...(slug ? [slug] : []));
  return ctx;
}

const banner = async (query: Record<string, string>) => {
  const r = await t
    .http()
    .get('/v1/content/donation-banners')
    .query({ placement: 'after_body', ...query })
    .set('X-Api-Key', key);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.banner as { campaignId: string; variantId: string; paragraph: number | null; headline: string; frequency: Record<string, unknown> } | null;
};

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

/** The same GET over fetch (keep-alive connections): the bulk tests send thousands. */
let baseUrl: string;
const fastBanner = async (query: Record<string, string>) => {
  const r = await fetch(`${baseUrl}/v1/content/donation-banners?${new URLSearchParams({ placement: 'after_body', ...query })}`, { headers: { 'x-api-key': key } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { banner: { variantId: string } | null }).banner;
};

beforeAll(async () => {
  t = await createTestApp({ clock });
  const admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  key = await contentKey(t, admin);
  contexts = standInForReadModel(t.app);
  baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
});
afterAll(() => t?.close());

describe('run window (injected clock)', () => {
  it('shows a campaign from its start until its end, then ends it by itself', async () => {
    clock.set(START);
    const a = article();
    const c = await campaign({
      startsAt: new Date(START.getTime() + HOUR).toISOString(),
      endsAt: new Date(START.getTime() + 2 * HOUR).toISOString(),
      targeting: { includeSectionIds: [a.sectionId] },
    });
    expect(await banner({ article: a.articleId })).toBeNull();
    clock.set(new Date(START.getTime() + HOUR - 1));
    expect(await banner({ article: a.articleId })).toBeNull();
    clock.set(new Date(START.getTime() + HOUR));
    expect((await banner({ article: a.articleId }))?.campaignId).toBe(c.id);
    clock.set(new Date(START.getTime() + 2 * HOUR - 1));
    expect((await banner({ article: a.articleId }))?.campaignId).toBe(c.id);

    // past the end: gone at once, before any sweep has stored it
    clock.set(new Date(START.getTime() + 2 * HOUR));
    expect(await banner({ article: a.articleId })).toBeNull();
    const [stored] = await t.sql<{ status: string }>(`SELECT status FROM donation_campaigns WHERE id = $1`, [c.id]);
    expect(stored!.status).toBe('active');
    const late = await actingAs(t, 'editor'); // access tokens follow the clock too
    const admin = await t.http().get(`/v1/admin/donation-campaigns/${c.id}`).set(late.auth);
    expect(admin.body.status).toBe('ended');
    const listed = await t.http().get('/v1/admin/donation-campaigns?status=ended').set(late.auth);
    expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
    const active = await t.http().get('/v1/admin/donation-campaigns?status=active').set(late.auth);
    expect(active.body.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    expect((await t.http().post(`/v1/admin/donation-campaigns/${c.id}/transitions`).set(late.auth).send({ action: 'pause' })).body.error.code).toBe(
      'BANNER_TRANSITION_NOT_ALLOWED',
    );

    // the job queued at activation for endsAt stores it (the sweep, run here by hand), once
    const [job] = await t.sql<{ n: string }>(`SELECT count(*)::text n FROM "${t.schema}_jobs".job WHERE name = 'donation-campaigns.end-due' AND data->>'campaignId' = $1`, [c.id]);
    expect(Number(job!.n)).toBe(1);
    expect(await t.app.get(DonationCampaignsService).endDue(c.id)).toBe(1);
    expect(await t.app.get(DonationCampaignsService).endDue(c.id)).toBe(0);
    const [after] = await t.sql<{ status: string; ended_at: Date }>(`SELECT status, ended_at FROM donation_campaigns WHERE id = $1`, [c.id]);
    expect(after).toEqual({ status: 'ended', ended_at: new Date(START.getTime() + 2 * HOUR) });
    const audit = await t.sql<{ actor_label: string }>(`SELECT actor_label FROM audit_log WHERE target_id = $1 AND action = 'donation_campaign.end'`, [c.id]);
    expect(audit).toEqual([{ actor_label: 'system' }]);
  });

  it('refuses to activate a campaign whose end has passed', async () => {
    clock.set(START);
    const c = await t
      .http()
      .post('/v1/admin/donation-campaigns')
      .set(editor.auth)
      .send({ name: 'late', placement: 'after_body', endsAt: new Date(START.getTime() - 1).toISOString() });
    await t
      .http()
      .post(`/v1/admin/donation-campaigns/${c.body.id}/variants`)
      .set(editor.auth)
      .send({ name: 'A', weight: 1, headline: 'h', bodyHtml: '', ctaLabel: 'Give', ctaUrl: 'https://x.example' });
    const r = await t.http().post(`/v1/admin/donation-campaigns/${c.body.id}/transitions`).set(editor.auth).send({ action: 'activate' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('BANNER_CAMPAIGN_WINDOW_PASSED');
  });
});

describe('targeting', () => {
  it('honours includes and exclusions of sections, tags, types and articles', async () => {
    clock.set(START);
    const europe = randomUUID();
    const africa = randomUUID();
    const analysis = randomUUID();
    const news = randomUUID();
    const war = randomUUID();
    const grief = randomUUID();
    const c = await campaign({
      targeting: { includeSectionIds: [europe], includeTypeIds: [analysis], excludeTagIds: [grief], includeArticleIds: [], excludeArticleIds: [] },
    });
    const special = article({ sectionId: africa, typeId: news });
    const banned = article({ sectionId: europe, typeId: analysis });
    await t
      .http()
      .patch(`/v1/admin/donation-campaigns/${c.id}`)
      .set(editor.auth)
      .send({
        targeting: {
          includeSectionIds: [europe],
          includeTypeIds: [analysis],
          excludeTagIds: [grief],
          includeArticleIds: [special.articleId],
          excludeArticleIds: [banned.articleId],
        },
      })
      .expect(200);

    const cases: [string, BannerArticleContext, boolean][] = [
      ['europe analysis', article({ sectionId: europe, typeId: analysis, tagIds: [war] }, 'europe-analysis'), true],
      ['africa analysis', article({ sectionId: africa, typeId: analysis }), false],
      ['europe news', article({ sectionId: europe, typeId: news }), false],
      ['europe analysis tagged grief', article({ sectionId: europe, typeId: analysis, tagIds: [war, grief] }), false],
      ['explicitly included article', special, true],
      ['explicitly excluded article', banned, false],
    ];
    for (const [name, ctx, shown] of cases) {
      expect((await banner({ article: ctx.articleId }))?.campaignId ?? null, name).toBe(shown ? c.id : null);
    }
    // the front-end may send a slug; the context source resolves it
    expect((await banner({ article: 'europe-analysis' }))?.campaignId).toBe(c.id);
    // a page without an article only gets campaigns without targeting
    expect(await banner({})).toBeNull();
    const unknown = await t.http().get('/v1/content/donation-banners').query({ placement: 'after_body', article: 'no-such-article' }).set('X-Api-Key', key);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('BANNER_ARTICLE_NOT_FOUND');
  });

  it('shows nothing on an article switched to "no appeals"', async () => {
    clock.set(START);
    const a = article();
    const c = await campaign({ targeting: { includeSectionIds: [a.sectionId!] } });
    expect((await banner({ article: a.articleId }))?.campaignId).toBe(c.id);
    await t.http().put(`/v1/admin/articles/${a.articleId}/appeals`).set(editor.auth).send({ noAppeals: true }).expect(200);
    expect(await banner({ article: a.articleId })).toBeNull();
    const preview = await t.http().get(`/v1/admin/donation-campaigns/preview?article=${a.articleId}`).set(editor.auth);
    const afterBody = preview.body.placements[0];
    expect(afterBody.rejected.find((r: { campaignId: string }) => r.campaignId === c.id).reasons).toEqual(['no_appeals']);
    await t.http().put(`/v1/admin/articles/${a.articleId}/appeals`).set(editor.auth).send({ noAppeals: false }).expect(200);
    expect((await banner({ article: a.articleId }))?.campaignId).toBe(c.id);
  });

  it('gives each placement its own winner by priority; the page payload carries all of them', async () => {
    clock.set(START);
    const a = article();
    const only = { includeSectionIds: [a.sectionId!] };
    const low = await campaign({ name: 'low', priority: 1, targeting: only });
    const high = await campaign({ name: 'high', priority: 7, targeting: only });
    const inline = await campaign({
      name: 'inline',
      placement: 'inline_after_paragraph',
      paragraph: 3,
      targeting: only,
      frequency: { startAfterPageviews: 2, everyNthPageview: 3, maxPerDay: 1, maxPerWeek: 3 },
    });
    const bar = await campaign({ name: 'bar', placement: 'top_bar', targeting: only });
    expect((await banner({ article: a.articleId }))?.campaignId).toBe(high.id);
    const inl = await banner({ article: a.articleId, placement: 'inline_after_paragraph' });
    expect(inl).toMatchObject({ campaignId: inline.id, paragraph: 3, frequency: { startAfterPageviews: 2, everyNthPageview: 3, maxPerDay: 1, maxPerWeek: 3 } });
    expect(await banner({ article: a.articleId, placement: 'overlay' })).toBeNull();

    const page = await t.app.get(BannerChoiceService).chooseForArticle(a, 'reader-7');
    expect(page.placements.after_body?.campaignId).toBe(high.id);
    expect(page.placements.inline_after_paragraph?.campaignId).toBe(inline.id);
    expect(page.placements.top_bar?.campaignId).toBe(bar.id);
    expect(page.placements.overlay).toBeNull();
    expect(page.globalCap).toEqual({ maxPerDay: 3, maxPerWeek: 10 });

    await t.http().post(`/v1/admin/donation-campaigns/${high.id}/transitions`).set(editor.auth).send({ action: 'pause' }).expect(200);
    expect((await banner({ article: a.articleId }))?.campaignId).toBe(low.id);
  });

  it('answers the public shape only', async () => {
    clock.set(START);
    const a = article();
    await campaign({ targeting: { includeSectionIds: [a.sectionId!] } });
    const r = await t.http().get('/v1/content/donation-banners').query({ placement: 'after_body', article: a.articleId, reader: 'r' }).set('X-Api-Key', key);
    expect(Object.keys(r.body.banner).sort()).toEqual(['bodyHtml', 'campaignId', 'ctaLabel', 'ctaUrl', 'frequency', 'headline', 'paragraph', 'placement', 'variantId']);
    expect(r.body.globalCap).toEqual({ maxPerDay: 3, maxPerWeek: 10 });
    const bad = await t.http().get('/v1/content/donation-banners').query({ placement: 'sidebar' }).set('X-Api-Key', key);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('A/B variants', () => {
  it('give the same reader the same variant across 1,000 calls', async () => {
    clock.set(START);
    const a = article();
    const c = await campaign({ targeting: { includeSectionIds: [a.sectionId!] } }, [
      { name: 'A', weight: 1 },
      { name: 'B', weight: 1 },
      { name: 'C', weight: 1 },
    ]);
    const seen = new Set<string>();
    for (let batch = 0; batch < 10; batch++) {
      const answers = await Promise.all(Array.from({ length: 100 }, () => fastBanner({ article: a.articleId, reader: 'reader-alpha' })));
      answers.forEach((b) => seen.add(b!.variantId));
    }
    expect(seen.size).toBe(1);
    expect(Object.values(c.variants)).toContain([...seen][0]);
    // and so does every other reader, each on their own variant
    for (let i = 0; i < 10; i++) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => fastBanner({ article: a.articleId, reader: `reader-${i}` })));
      expect(new Set(answers.map((b) => b!.variantId)).size).toBe(1);
    }
    // without a reader id the variants spread (random, not sticky)
    const anonymous = new Set((await Promise.all(Array.from({ length: 60 }, () => fastBanner({ article: a.articleId })))).map((b) => b!.variantId));
    expect(anonymous.size).toBeGreaterThan(1);
  }, 180_000);

  it('split 10,000 reader ids by weight within 2 points', async () => {
    clock.set(START);
    const a = article();
    const c = await campaign({ targeting: { includeSectionIds: [a.sectionId!] } }, [
      { name: 'A', weight: 60 },
      { name: 'B', weight: 30 },
      { name: 'C', weight: 10 },
      { name: 'retired', weight: 0 },
    ]);
    const tally = new Map<string, number>();
    for (let batch = 0; batch < 100; batch++) {
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => fastBanner({ article: a.articleId, reader: `reader-${batch * 100 + i}` })));
      for (const b of answers) tally.set(b!.variantId, (tally.get(b!.variantId) ?? 0) + 1);
    }
    const share = (name: string) => (tally.get(c.variants[name]!) ?? 0) / 10_000;
    expect(Math.abs(share('A') - 0.6)).toBeLessThan(0.02);
    expect(Math.abs(share('B') - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(share('C') - 0.1)).toBeLessThan(0.02);
    expect(share('retired')).toBe(0);
  }, 180_000);
});
