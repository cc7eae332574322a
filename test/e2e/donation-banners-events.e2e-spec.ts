import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BannerArticleContextSource, InMemoryBannerArticleContextSource } from '#libs/donation-banners';
import { FixedClock } from '#libs/kernel';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { completeArticle, makeWorld } from '../support/world.js';

const NOW = new Date('2026-12-10T12:00:00Z');
const clock = new FixedClock(NOW);
let t: TestApp;
let admin: Credential;
let editor: Credential;
let key: string;

interface Campaign {
  id: string;
  variants: Record<string, string>;
}

async function campaign(activate = true): Promise<Campaign> {
  const c = await t
    .http()
    .post('/v1/admin/donation-campaigns')
    .set(editor.auth)
    .send({ name: 'appeal', placement: 'after_body', targeting: { includeSectionIds: [randomUUID()] } });
  const variants: Record<string, string> = {};
  for (const name of ['A', 'B']) {
    const v = await t.http().post(`/v1/admin/donation-campaigns/${c.body.id}/variants`).set(editor.auth).send({
      name,
      weight: 1,
      headline: 'Dear readers:',
      bodyHtml: '<p>Please give.</p>',
      ctaLabel: 'Give',
      ctaUrl: 'https://donate.example.org/',
    });
    variants[name] = v.body.id;
  }
  if (activate) await t.http().post(`/v1/admin/donation-campaigns/${c.body.id}/transitions`).set(editor.auth).send({ action: 'activate' }).expect(200);
  return { id: c.body.id, variants };
}

const event = (c: Campaign, over: Record<string, unknown> = {}) => ({ eventId: randomUUID(), type: 'impression', campaignId: c.id, variantId: c.variants.A, ...over });
const post = (events: unknown[], apiKey = key) => t.http().post('/v1/content/donation-campaigns/events').set('X-Api-Key', apiKey).send({ events });

/** Counters of a campaign, summed, plus how many event ids are stored for it. */
async function tally(c: Campaign) {
  const [row] = await t.sql<{ impressions: number; clicks: number; dismissals: number; conversions: number; ids: number }>(
    `SELECT COALESCE(sum(impressions), 0)::int impressions, COALESCE(sum(clicks), 0)::int clicks, COALESCE(sum(dismissals), 0)::int dismissals,
            COALESCE(sum(conversions), 0)::int conversions, (SELECT count(*)::int FROM donation_banner_events WHERE campaign_id = $1) ids
       FROM donation_banner_daily_counts WHERE campaign_id = $1`,
    [c.id],
  );
  return row!;
}

const everything = async () =>
  (
    await t.sql<{ e: string; d: string }>(
      `SELECT (SELECT count(*) FROM donation_banner_events)::text e, (SELECT COALESCE(sum(impressions + clicks + dismissals + conversions), 0) FROM donation_banner_daily_counts)::text d`,
    )
  )[0];

/** Events may name only live articles: these tests stand in for the read model with a few (the rule itself is tested on real pieces in text-and-input). */
const liveArticles = new InMemoryBannerArticleContextSource();
const liveArticle = (): string => {
  const articleId = randomUUID();
  liveArticles.set({ articleId, sectionId: randomUUID(), typeId: randomUUID(), tagIds: [], noAppeals: false });
  return articleId;
};

beforeAll(async () => {
  t = await createTestApp({ clock, env: { DONATION_EVENTS_PER_MINUTE: '100000' } });
  t.app.get(BannerArticleContextSource).find = (ref) => liveArticles.find(ref);
  admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  key = await contentKey(t, admin);
});
afterAll(() => t?.close());

describe('events are counted', () => {
  it('per campaign, variant, article and day', async () => {
    const c = await campaign();
    const articleId = liveArticle();
    const yesterday = new Date(NOW.getTime() - 86_400_000).toISOString();
    const r = await post([
      event(c, { articleId }),
      event(c, { articleId }),
      event(c, { articleId, type: 'click' }),
      event(c, { variantId: c.variants.B, type: 'dismiss' }),
      event(c, { articleId, type: 'conversion', at: yesterday }),
    ]);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ received: 5, counted: 5, duplicates: 0 });
    const rows = await t.sql<{ variant_id: string; article_id: string; day: string; impressions: string; clicks: string; dismissals: string; conversions: string }>(
      `SELECT variant_id, article_id, to_char(day, 'YYYY-MM-DD') AS day, impressions, clicks, dismissals, conversions
         FROM donation_banner_daily_counts WHERE campaign_id = $1 ORDER BY day, variant_id, article_id`,
      [c.id],
    );
    const [a, b] = [c.variants.A, c.variants.B];
    expect(rows).toEqual(
      expect.arrayContaining([
        { variant_id: a, article_id: articleId, day: '2026-12-09', impressions: '0', clicks: '0', dismissals: '0', conversions: '1' },
        { variant_id: a, article_id: articleId, day: '2026-12-10', impressions: '2', clicks: '1', dismissals: '0', conversions: '0' },
        { variant_id: b, article_id: '00000000-0000-0000-0000-000000000000', day: '2026-12-10', impressions: '0', clicks: '0', dismissals: '1', conversions: '0' },
      ]),
    );
    expect(rows).toHaveLength(3);
  });

  it('exactly once under retries, sequential and parallel', async () => {
    const c = await campaign();
    const batch = [event(c), event(c, { type: 'click' })];
    const first = await post(batch);
    expect(first.body).toEqual({ received: 2, counted: 2, duplicates: 0 });
    for (let i = 0; i < 5; i++) {
      const again = await post(batch);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ received: 2, counted: 0, duplicates: 2 });
    }
    expect(await tally(c)).toEqual({ impressions: 1, clicks: 1, dismissals: 0, conversions: 0, ids: 2 });

    // the same new event sent 5 times at once, plus overlapping batches: still once each
    const fresh = event(c, { type: 'conversion' });
    const other = event(c);
    const answers = await Promise.all([...Array.from({ length: 5 }, () => post([fresh])), post([fresh, other]), post([other, fresh]), post([fresh, fresh])]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.reduce((s, a) => s + a.body.counted, 0)).toBe(2);
    expect(await tally(c)).toEqual({ impressions: 2, clicks: 1, dismissals: 0, conversions: 1, ids: 4 });
  });

  it('and land in the report with a CTR interval, by variant and article', async () => {
    const c = await campaign();
    const hot = liveArticle();
    const events = [
      ...Array.from({ length: 40 }, () => event(c, { articleId: hot })),
      ...Array.from({ length: 4 }, () => event(c, { articleId: hot, type: 'click' })),
      ...Array.from({ length: 2 }, () => event(c, { articleId: hot, type: 'conversion' })),
      ...Array.from({ length: 4 }, () => event(c, { variantId: c.variants.B })),
    ];
    expect((await post(events)).body.counted).toBe(50);
    const r = await t.http().get(`/v1/admin/donation-campaigns/${c.id}/report`).set(editor.auth);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ campaignId: c.id, from: '2026-12-10', to: '2026-12-10' });
    expect(r.body.totals).toMatchObject({ impressions: 44, clicks: 4, dismissals: 0, conversions: 2 });
    const a = r.body.variants.find((v: { name: string }) => v.name === 'A');
    expect(a).toMatchObject({ impressions: 40, clicks: 4, conversions: 2 });
    expect(a.ctr.rate).toBeCloseTo(0.1, 10);
    expect(a.ctr.low).toBeCloseTo(0.03958, 4);
    expect(a.ctr.high).toBeCloseTo(0.23052, 4);
    const b = r.body.variants.find((v: { name: string }) => v.name === 'B');
    expect(b).toMatchObject({ impressions: 4, clicks: 0 });
    expect(b.ctr.low).toBe(0);
    expect(r.body.articles).toEqual([
      { articleId: hot, impressions: 40, clicks: 4, dismissals: 0, conversions: 2 },
      { articleId: null, impressions: 4, clicks: 0, dismissals: 0, conversions: 0 },
    ]);
    expect(r.body.days).toEqual([{ day: '2026-12-10', impressions: 44, clicks: 4, dismissals: 0, conversions: 2, ctr: r.body.totals.ctr }]);
    // per variant per day, each day's CTR with its interval (the variant's own here: one day)
    const variantDays = [
      { variantId: c.variants.A, day: '2026-12-10', impressions: 40, clicks: 4, dismissals: 0, conversions: 2, ctr: a.ctr },
      { variantId: c.variants.B, day: '2026-12-10', impressions: 4, clicks: 0, dismissals: 0, conversions: 0, ctr: b.ctr },
    ];
    expect(r.body.variantDays).toEqual(variantDays.sort((x, y) => ((x.variantId ?? '') < (y.variantId ?? '') ? -1 : 1)));
    const before = await t.http().get(`/v1/admin/donation-campaigns/${c.id}/report?from=2026-11-01&to=2026-12-09`).set(editor.auth);
    expect(before.body.totals.impressions).toBe(0);
    expect(before.body.totals.ctr).toBeNull();
    for (const q of ['from=2026-12-11&to=2026-12-10', 'from=2026-13-01', 'to=yesterday']) {
      const bad = await t.http().get(`/v1/admin/donation-campaigns/${c.id}/report?${q}`).set(editor.auth);
      expect(bad.status, q).toBe(400);
      expect(bad.body.error.code).toBe('BANNER_REPORT_RANGE_INVALID');
    }
  });
});

describe('the report credits the articles’ bylines', () => {
  it('each contributor gets the totals of every article crediting them, most conversions first', async () => {
    const w = await makeWorld(t, editor);
    const second = (
      await t
        .http()
        .post('/v1/admin/contributors')
        .set(editor.auth)
        .send({ name: `Bea Second ${randomUUID().slice(0, 6)}` })
    ).body as { id: string; name: string };
    const draft = async (bylineIds: string[]) => {
      const r = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, { bylineIds }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      liveArticles.set({ articleId: r.body.id, sectionId: w.sectionId, typeId: w.typeId, tagIds: [], noAppeals: false });
      return r.body.id as string;
    };
    const both = await draft([w.contributorId, second.id]);
    const firstOnly = await draft([w.contributorId]);
    const c = await campaign();
    const counted = await post([
      event(c, { articleId: both }),
      event(c, { articleId: both, type: 'conversion' }),
      event(c, { articleId: firstOnly }),
      event(c, { articleId: firstOnly, type: 'click' }),
      event(c),
    ]);
    expect(counted.body.counted).toBe(5);
    const r = await t.http().get(`/v1/admin/donation-campaigns/${c.id}/report`).set(editor.auth);
    expect(r.status).toBe(200);
    const first = (await t.http().get(`/v1/admin/contributors/${w.contributorId}`).set(editor.auth)).body as { name: string };
    expect(r.body.contributors).toEqual([
      { contributorId: w.contributorId, name: first.name, impressions: 2, clicks: 1, dismissals: 0, conversions: 1 },
      { contributorId: second.id, name: second.name, impressions: 1, clicks: 0, dismissals: 0, conversions: 1 },
    ]);
  });
});

describe('bad events are refused whole and nothing is counted', () => {
  it('with a 4xx and a stable code naming each bad event', async () => {
    const c = await campaign();
    const other = await campaign();
    const draft = await campaign(false);
    const ok = () => event(c);
    const cases: [string, unknown, number, string, string?][] = [
      ['unknown campaign', { events: [ok(), event({ id: randomUUID(), variants: { A: c.variants.A! } })] }, 400, 'BANNER_EVENTS_INVALID', 'BANNER_EVENT_UNKNOWN_CAMPAIGN'],
      ['campaign that never ran', { events: [ok(), event(draft)] }, 400, 'BANNER_EVENTS_INVALID', 'BANNER_EVENT_UNKNOWN_CAMPAIGN'],
      ['variant of another campaign', { events: [ok(), event(c, { variantId: other.variants.A })] }, 400, 'BANNER_EVENTS_INVALID', 'BANNER_EVENT_VARIANT_NOT_IN_CAMPAIGN'],
      ['too old', { events: [ok(), event(c, { at: new Date(NOW.getTime() - 8 * 86_400_000).toISOString() })] }, 400, 'BANNER_EVENTS_INVALID', 'BANNER_EVENT_TIME_OUT_OF_RANGE'],
      ['from the future', { events: [ok(), event(c, { at: new Date(NOW.getTime() + 3_600_000).toISOString() })] }, 400, 'BANNER_EVENTS_INVALID', 'BANNER_EVENT_TIME_OUT_OF_RANGE'],
      [
        'one id, two events',
        {
          events: (() => {
            const e = ok();
            return [e, { ...e, type: 'click' }];
          })(),
        },
        400,
        'BANNER_EVENTS_INVALID',
        'BANNER_EVENT_DUPLICATE_IN_BATCH',
      ],
      ['bad type', { events: [ok(), event(c, { type: 'view' })] }, 400, 'VALIDATION_FAILED'],
      ['bad event id', { events: [ok(), event(c, { eventId: '42' })] }, 400, 'VALIDATION_FAILED'],
      ['unknown field', { events: [ok(), event(c, { revenue: 100 })] }, 400, 'VALIDATION_FAILED'],
      ['empty batch', { events: [] }, 400, 'VALIDATION_FAILED'],
      ['not a batch', [ok()], 400, 'VALIDATION_FAILED'],
      ['51 events', { events: Array.from({ length: 51 }, ok) }, 400, 'VALIDATION_FAILED'],
      ['huge payload', { events: [ok()], padding: 'x'.repeat(2_000_000) }, 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [name, body, status, code, detail] of cases) {
      const before = await everything();
      const r = await t
        .http()
        .post('/v1/content/donation-campaigns/events')
        .set('X-Api-Key', key)
        .send(body as object);
      expect(r.status, name).toBe(status);
      expect(r.body.error.code, name).toBe(code);
      if (detail) {
        expect(r.body.error.details, name).toHaveLength(1);
        expect(r.body.error.details[0]).toMatchObject({ field: expect.stringMatching(/^events\.1\./), code: detail });
      }
      expect(await everything(), name).toEqual(before);
    }
    expect(await tally(c)).toEqual({ impressions: 0, clicks: 0, dismissals: 0, conversions: 0, ids: 0 });
    // the good events of a refused batch can be sent again and count then
    expect((await post([ok(), ok()])).body.counted).toBe(2);
  });

  it('a client over its rate is refused with Retry-After', async () => {
    const limited = await createTestApp({ clock, schema: t.schema, env: { DONATION_EVENTS_PER_MINUTE: '3' } });
    try {
      const c = await campaign();
      const ownKey = await contentKey(t, admin);
      const send = () =>
        limited
          .http()
          .post('/v1/content/donation-campaigns/events')
          .set('X-Api-Key', ownKey)
          .send({ events: [event(c)] });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await send());
      expect(statuses.map((s) => s.status)).toEqual([200, 200, 200, 429]);
      expect(statuses[3]!.body.error.code).toBe('BANNER_EVENTS_RATE_LIMITED');
      expect(Number(statuses[3]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await tally(c)).impressions).toBe(3);
      // another client (key) is not affected
      const otherKey = await contentKey(t, admin);
      expect(
        (
          await limited
            .http()
            .post('/v1/content/donation-campaigns/events')
            .set('X-Api-Key', otherKey)
            .send({ events: [event(c)] })
        ).status,
      ).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
