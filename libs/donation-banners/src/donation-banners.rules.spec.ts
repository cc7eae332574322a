import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#libs/kernel';
import { eventTimeAcceptable } from './banner-events.rules.js';
import { campaignProblems, effectiveStatus, isHttpUrl, nextStatus, sanitizeBannerHtml, variantProblems } from './campaign.rules.js';
import { assignVariant, campaignEligible, campaignReasons, chooseBanner, pickBanner, readerBucket, targetingReasons } from './choice.rules.js';
import {
  CAMPAIGN_ACTIONS,
  CAMPAIGN_STATUSES,
  DEFAULT_FREQUENCY,
  EMPTY_TARGETING,
  PLACEMENTS,
  type BannerArticleContext,
  type CampaignForChoice,
  type CampaignStatus,
} from './donation-banners.rules.js';
import { attributeToBylines, wilsonInterval } from './reports.rules.js';

const NOW = new Date('2026-12-10T12:00:00Z');
const ids = { europe: randomUUID(), africa: randomUUID(), analysis: randomUUID(), news: randomUUID(), war: randomUUID(), grief: randomUUID() };

const article = (over: Partial<BannerArticleContext> = {}): BannerArticleContext => ({
  articleId: randomUUID(),
  sectionId: ids.europe,
  typeId: ids.analysis,
  tagIds: [ids.war],
  noAppeals: false,
  ...over,
});

const variant = (name: string, weight: number) => ({
  id: randomUUID(),
  name,
  weight,
  headline: `H ${name}`,
  bodyHtml: '<p>x</p>',
  ctaLabel: 'Give',
  ctaUrl: 'https://give.example/',
});

const campaign = (over: Partial<CampaignForChoice> = {}): CampaignForChoice => ({
  id: randomUUID(),
  name: 'Year-end appeal',
  status: 'active',
  startsAt: new Date('2026-12-01T00:00:00Z'),
  endsAt: new Date('2026-12-31T23:59:59Z'),
  placement: 'after_body',
  paragraph: null,
  priority: 0,
  targeting: { ...EMPTY_TARGETING },
  frequency: DEFAULT_FREQUENCY,
  variants: [variant('A', 1)],
  ...over,
});

describe('variant assignment', () => {
  it('gives the same reader the same variant over 1,000 calls', () => {
    const variants = [variant('A', 50), variant('B', 30), variant('C', 20)];
    const c = randomUUID();
    for (const reader of ['reader-1', randomUUID(), 'ä-unicode-reader']) {
      const first = assignVariant(c, reader, variants);
      for (let i = 0; i < 1000; i++) expect(assignVariant(c, reader, variants)).toBe(first);
    }
  });

  it('respects weights within 2 points over 10,000 reader ids', () => {
    const variants = [variant('A', 50), variant('B', 30), variant('C', 20), variant('retired', 0)];
    const c = randomUUID();
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const v = assignVariant(c, `reader-${i}`, variants)!;
      counts.set(v.name, (counts.get(v.name) ?? 0) + 1);
    }
    expect(Math.abs(counts.get('A')! / 10_000 - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(counts.get('B')! / 10_000 - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(counts.get('C')! / 10_000 - 0.2)).toBeLessThan(0.02);
    expect(counts.has('retired')).toBe(false);
  });

  it('buckets are in [0, 1) and independent across campaigns', () => {
    const a = randomUUID();
    const b = randomUUID();
    let same = 0;
    for (let i = 0; i < 1000; i++) {
      const x = readerBucket(a, `r${i}`);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      if (x < 0.5 === readerBucket(b, `r${i}`) < 0.5) same++;
    }
    expect(same).toBeGreaterThan(400);
    expect(same).toBeLessThan(600);
  });

  it('is SHA-256 of (campaign, reader), its first 64 bits cut to the top 53: a reader keeps their variant across releases', () => {
    const spec = (c: string, r: string) => Number(createHash('sha256').update(`${c}\u0000${r}`).digest().readBigUInt64BE(0) >> 11n) / 2 ** 53;
    fc.assert(
      fc.property(fc.uuid(), fc.string({ maxLength: 40 }), (c, r) => {
        expect(readerBucket(c, r)).toBe(spec(c, r));
      }),
      { numRuns: 2_000, seed: 20261127 },
    );
  });

  it('answers null when no variant has weight', () => {
    expect(assignVariant(randomUUID(), 'r', [variant('A', 0)])).toBeNull();
    expect(assignVariant(randomUUID(), 'r', [])).toBeNull();
  });
});

describe('status', () => {
  it('treats an active or paused campaign past its end as ended', () => {
    const endsAt = new Date(NOW.getTime() - 1);
    expect(effectiveStatus({ status: 'active', endsAt }, NOW)).toBe('ended');
    expect(effectiveStatus({ status: 'paused', endsAt }, NOW)).toBe('ended');
    expect(effectiveStatus({ status: 'draft', endsAt }, NOW)).toBe('draft');
    expect(effectiveStatus({ status: 'active', endsAt: NOW }, NOW)).toBe('ended');
    expect(effectiveStatus({ status: 'active', endsAt: null }, NOW)).toBe('active');
  });

  it('walks every (status, action)', () => {
    const allowed: Record<string, CampaignStatus> = {
      'draft:activate': 'active',
      'active:pause': 'paused',
      'paused:resume': 'active',
      'active:end': 'ended',
      'paused:end': 'ended',
    };
    for (const from of CAMPAIGN_STATUSES) {
      for (const action of CAMPAIGN_ACTIONS) {
        const run = () => nextStatus(from, action, { liveVariants: 1, endsAt: null, now: NOW });
        const to = allowed[`${from}:${action}`];
        if (to) expect(run()).toBe(to);
        else expect(run).toThrow(expect.objectContaining({ code: 'BANNER_TRANSITION_NOT_ALLOWED' }));
      }
    }
  });

  it('refuses to activate without a live variant or after the end', () => {
    expect(() => nextStatus('draft', 'activate', { liveVariants: 0, endsAt: null, now: NOW })).toThrow(expect.objectContaining({ code: 'BANNER_CAMPAIGN_NO_VARIANTS' }));
    expect(() => nextStatus('draft', 'activate', { liveVariants: 2, endsAt: NOW, now: NOW })).toThrow(expect.objectContaining({ code: 'BANNER_CAMPAIGN_WINDOW_PASSED' }));
  });
});

describe('field rules', () => {
  const fields = {
    name: 'x',
    startsAt: null,
    endsAt: null,
    placement: 'after_body' as const,
    paragraph: null,
    priority: 0,
    targeting: EMPTY_TARGETING,
    frequency: DEFAULT_FREQUENCY,
  };
  it('accepts a plain campaign and names each problem', () => {
    expect(campaignProblems(fields)).toEqual([]);
    const codes = campaignProblems({
      ...fields,
      name: ' ',
      startsAt: NOW,
      endsAt: NOW,
      placement: 'inline_after_paragraph',
      frequency: { startAfterPageviews: -1, everyNthPageview: 0, maxPerDay: 5, maxPerWeek: 2 },
      targeting: { ...EMPTY_TARGETING, includeTagIds: [ids.war], excludeTagIds: [ids.war] },
    }).map((p) => `${p.field}:${p.code}`);
    expect(codes).toEqual([
      'name:empty',
      'endsAt:endBeforeStart',
      'paragraph:paragraphRequired',
      'frequency.startAfterPageviews:min',
      'frequency.everyNthPageview:min',
      'frequency.maxPerWeek:belowDaily',
      'targeting.includeTagIds:includedAndExcluded',
    ]);
    expect(campaignProblems({ ...fields, paragraph: 3 }).map((p) => p.code)).toEqual(['paragraphNotAllowed']);
  });

  it('allows only absolute http(s) call-to-action URLs', () => {
    expect(['https://give.example/now', 'http://give.example'].every(isHttpUrl)).toBe(true);
    expect(['javascript:alert(1)', '/donate', 'mailto:a@b.c', 'data:text/html,x', 'https://', ''].some(isHttpUrl)).toBe(false);
    const v = { name: 'A', weight: 1, headline: 'h', bodyHtml: '', ctaLabel: 'Give', ctaUrl: 'javascript:alert(1)' };
    expect(variantProblems(v).map((p) => p.field)).toEqual(['ctaUrl']);
    expect(variantProblems({ ...v, ctaUrl: 'https://x.example', weight: -1 }).map((p) => p.field)).toEqual(['weight']);
  });

  it('sanitizes banner bodies to a small allowlist', () => {
    const dirty =
      '<p onclick="x()">Dear readers: <strong>give</strong> <em>now</em><br><a href="https://give.example" target="_blank">here</a> ' +
      '<a href="javascript:alert(1)">bad</a> <a href="mailto:d@x.example">mail</a></p><script>alert(1)</script><img src=x onerror=y><h1>big</h1>';
    expect(sanitizeBannerHtml(dirty)).toBe(
      '<p>Dear readers: <strong>give</strong> <em>now</em><br /><a href="https://give.example">here</a> <a>bad</a> <a href="mailto:d@x.example">mail</a></p>big',
    );
  });
});

describe('targeting', () => {
  const t = (over: Partial<typeof EMPTY_TARGETING>) => ({ ...EMPTY_TARGETING, ...over });
  it('runs everywhere without includes, and needs an article once there are any', () => {
    expect(targetingReasons(EMPTY_TARGETING, article())).toEqual([]);
    expect(targetingReasons(EMPTY_TARGETING, null)).toEqual([]);
    expect(targetingReasons(t({ includeSectionIds: [ids.europe] }), null)).toEqual(['no_article']);
  });

  it('needs every listed dimension to match', () => {
    const europeWar = t({ includeSectionIds: [ids.europe], includeTagIds: [ids.war] });
    expect(targetingReasons(europeWar, article())).toEqual([]);
    expect(targetingReasons(europeWar, article({ sectionId: ids.africa }))).toEqual(['section_not_targeted']);
    expect(targetingReasons(europeWar, article({ tagIds: [] }))).toEqual(['tag_not_targeted']);
    expect(targetingReasons(t({ includeTypeIds: [ids.news] }), article())).toEqual(['type_not_targeted']);
  });

  it('lets a listed article in regardless of the other includes, but never past an exclusion', () => {
    const a = article({ sectionId: ids.africa });
    expect(targetingReasons(t({ includeSectionIds: [ids.europe], includeArticleIds: [a.articleId] }), a)).toEqual([]);
    expect(targetingReasons(t({ includeArticleIds: [randomUUID()] }), a)).toEqual(['article_not_targeted']);
    expect(targetingReasons(t({ includeArticleIds: [a.articleId], excludeTagIds: [ids.war] }), a)).toEqual(['tag_excluded']);
    expect(
      targetingReasons(t({ excludeArticleIds: [a.articleId], excludeSectionIds: [ids.africa], excludeTypeIds: [ids.analysis], excludeTagIds: [ids.grief] }), {
        ...a,
        tagIds: [ids.grief],
      }),
    ).toEqual(['article_excluded', 'section_excluded', 'tag_excluded', 'type_excluded']);
  });

  it('compares ids case-insensitively', () => {
    const a = article();
    expect(targetingReasons(t({ includeSectionIds: [ids.europe] }), { ...a, sectionId: ids.europe.toUpperCase() })).toEqual([]);
  });
});

describe('chooseBanner', () => {
  it('honours the run window and the status', () => {
    const c = campaign();
    const at = (iso: string) => chooseBanner([c], article(), 'after_body', new Date(iso), 'r');
    expect(at('2026-11-30T23:59:59Z').rejected[0]!.reasons).toEqual(['not_started']);
    expect(at('2026-12-01T00:00:00Z').banner?.campaignId).toBe(c.id);
    expect(at('2026-12-31T23:59:58Z').banner?.campaignId).toBe(c.id);
    expect(at('2026-12-31T23:59:59Z').rejected[0]!.reasons).toEqual(['ended']);
    for (const status of ['draft', 'paused'] as const) {
      expect(chooseBanner([{ ...c, status }], article(), 'after_body', NOW, 'r').rejected[0]!.reasons).toEqual([status]);
    }
  });

  it('picks the highest priority among the eligible and explains every other', () => {
    const low = campaign({ name: 'low', priority: 1 });
    const high = campaign({ name: 'high', priority: 5 });
    const bar = campaign({ name: 'bar', priority: 9, placement: 'top_bar' });
    const off = campaign({ name: 'africa only', priority: 9, targeting: { ...EMPTY_TARGETING, includeSectionIds: [ids.africa] } });
    const empty = campaign({ name: 'no variants', priority: 9, variants: [variant('A', 0)] });
    const r = chooseBanner([low, high, bar, off, empty], article(), 'after_body', NOW, 'r');
    expect(r.banner).toMatchObject({ campaignId: high.id, placement: 'after_body', frequency: DEFAULT_FREQUENCY });
    expect(Object.fromEntries(r.rejected.map((x) => [x.campaignName, x.reasons]))).toEqual({
      low: ['outranked'],
      bar: ['placement_mismatch'],
      'africa only': ['section_not_targeted'],
      'no variants': ['no_variants'],
    });
  });

  it('shows nothing on a "no appeals" article', () => {
    const r = chooseBanner([campaign()], article({ noAppeals: true }), 'after_body', NOW, 'r');
    expect(r.banner).toBeNull();
    expect(r.rejected[0]!.reasons).toEqual(['no_appeals']);
  });

  it('carries the inline paragraph and is deterministic per reader', () => {
    const c = campaign({ placement: 'inline_after_paragraph', paragraph: 4, variants: [variant('A', 1), variant('B', 1)] });
    const first = chooseBanner([c], article(), 'inline_after_paragraph', NOW, 'reader-x').banner!;
    expect(first.paragraph).toBe(4);
    for (let i = 0; i < 50; i++) expect(chooseBanner([c], article(), 'inline_after_paragraph', NOW, 'reader-x').banner!.variantId).toBe(first.variantId);
  });
});

describe('pickBanner', () => {
  it('picks the very banner chooseBanner picks, for any campaigns, article, placement and time (1,000 cases)', () => {
    const sections = [ids.europe, ids.africa];
    const tags = [ids.war, ids.grief];
    const some = <T>(xs: readonly T[]) => fc.subarray([...xs], { maxLength: xs.length });
    const arbCampaign = fc.record({
      status: fc.constantFrom('active', 'active', 'paused', 'draft', 'ended'),
      placement: fc.constantFrom(...PLACEMENTS),
      priority: fc.integer({ min: 0, max: 3 }),
      startDay: fc.integer({ min: 1, max: 20 }),
      includeSectionIds: some(sections),
      excludeTagIds: some(tags),
      weights: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
    });
    type CampaignCase = typeof arbCampaign extends fc.Arbitrary<infer C> ? C : never;
    // built once per case: the banner objects are memoized per (campaign, variant) object
    const build = (cs: CampaignCase[]) =>
      cs.map((c, i) =>
        campaign({
          id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          status: c.status as CampaignStatus,
          placement: c.placement,
          paragraph: c.placement === 'inline_after_paragraph' ? 2 : null,
          priority: c.priority,
          startsAt: new Date(Date.UTC(2026, 11, c.startDay)),
          targeting: { ...EMPTY_TARGETING, includeSectionIds: c.includeSectionIds, excludeTagIds: c.excludeTagIds },
          variants: c.weights.map((w, j) => variant(`V${j}`, w)),
        }),
      );
    fc.assert(
      fc.property(
        fc.array(arbCampaign, { maxLength: 6 }),
        fc.record({ sectionId: fc.constantFrom(...sections), tagIds: some(tags), noAppeals: fc.boolean() }),
        fc.constantFrom(...PLACEMENTS),
        fc.integer({ min: 0, max: 25 }),
        fc.string({ minLength: 1, maxLength: 12 }),
        (cs, a, placement, day, reader) => {
          const campaigns = build(cs);
          const ctx = article(a);
          const now = new Date(Date.UTC(2026, 11, day, 12));
          expect(pickBanner(campaigns, ctx, placement, now, reader)).toBe(chooseBanner(campaigns, ctx, placement, now, reader).banner);
        },
      ),
      { numRuns: 1_000, seed: 20261127 },
    );
  });
});

describe('campaignEligible', () => {
  it('is true exactly when campaignReasons is empty, for any targeting, article, placement and time (2,000 cases)', () => {
    const pool = [ids.europe, ids.africa, ids.analysis, ids.news, ids.war, ids.grief];
    const some = fc.subarray(pool, { maxLength: 3 });
    const arbTargeting = fc.record({
      includeSectionIds: some,
      excludeSectionIds: some,
      includeTagIds: some,
      excludeTagIds: some,
      includeTypeIds: some,
      excludeTypeIds: some,
      includeArticleIds: some,
      excludeArticleIds: some,
    });
    // ids as a caller may spell them (rules compare lower-cased; targeting is stored lower-cased)
    const spelled = fc.constantFrom(...pool).chain((id) => fc.constantFrom(id, id.toUpperCase()));
    const arbArticle = fc.option(
      fc.record({ articleId: spelled, sectionId: fc.option(spelled), typeId: fc.option(spelled), tagIds: fc.array(spelled, { maxLength: 3 }), noAppeals: fc.boolean() }),
    );
    fc.assert(
      fc.property(
        fc.record({
          status: fc.constantFrom(...CAMPAIGN_STATUSES),
          placement: fc.constantFrom(...PLACEMENTS),
          startDay: fc.option(fc.integer({ min: 1, max: 28 })),
          endDay: fc.option(fc.integer({ min: 1, max: 28 })),
          weights: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
        }),
        arbTargeting,
        arbArticle,
        fc.constantFrom(...PLACEMENTS),
        fc.integer({ min: 1, max: 28 }),
        (c, targeting, a, placement, day) => {
          const cmp = campaign({
            status: c.status,
            placement: c.placement,
            paragraph: c.placement === 'inline_after_paragraph' ? 2 : null,
            startsAt: c.startDay === null ? null : new Date(Date.UTC(2026, 11, c.startDay)),
            endsAt: c.endDay === null ? null : new Date(Date.UTC(2026, 11, c.endDay)),
            targeting,
            variants: c.weights.map((w, j) => variant(`V${j}`, w)),
          });
          const now = new Date(Date.UTC(2026, 11, day, 12));
          expect(campaignEligible(cmp, a, placement, now)).toBe(campaignReasons(cmp, a, placement, now).length === 0);
        },
      ),
      { numRuns: 2_000, seed: 20261127 },
    );
  });
});

describe('wilsonInterval', () => {
  it('matches known values', () => {
    const w = wilsonInterval(10, 100)!;
    expect(w.rate).toBeCloseTo(0.1, 10);
    expect(w.low).toBeCloseTo(0.05523, 4);
    expect(w.high).toBeCloseTo(0.17437, 4);
    const zero = wilsonInterval(0, 50)!;
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.07135, 4);
    const all = wilsonInterval(20, 20)!;
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.83887, 4);
  });

  it('is null without trials, narrows with more data, and caps clicks at impressions', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    const small = wilsonInterval(5, 50)!;
    const big = wilsonInterval(500, 5000)!;
    expect(big.high - big.low).toBeLessThan(small.high - small.low);
    expect(wilsonInterval(12, 10)).toEqual(wilsonInterval(10, 10));
  });
});

describe('event time', () => {
  it('accepts up to 7 days late and 10 minutes early', () => {
    expect(eventTimeAcceptable(new Date(NOW.getTime() - 7 * 86_400_000), NOW)).toBe(true);
    expect(eventTimeAcceptable(new Date(NOW.getTime() - 7 * 86_400_000 - 1), NOW)).toBe(false);
    expect(eventTimeAcceptable(new Date(NOW.getTime() + 10 * 60_000), NOW)).toBe(true);
    expect(eventTimeAcceptable(new Date(NOW.getTime() + 10 * 60_000 + 1), NOW)).toBe(false);
  });
});

it('rules throw domain errors, not HTTP errors', () => {
  expect(() => nextStatus('ended', 'resume', { liveVariants: 1, endsAt: null, now: NOW })).toThrow(DomainError);
});

describe('attributeToBylines', () => {
  const t = (articleId: string, impressions: number, clicks: number, conversions: number) => ({ articleId, impressions, clicks, dismissals: 0, conversions });
  it('sums every article crediting a contributor, orders by conversions, clicks, impressions, id, and cuts at the limit', () => {
    const rows = attributeToBylines(
      [t('a1', 10, 1, 1), t('a2', 5, 2, 0), t('a3', 1, 0, 0)],
      [
        { articleId: 'a1', contributorId: 'c2', name: 'Two' },
        { articleId: 'a2', contributorId: 'c2', name: 'Two' },
        { articleId: 'a1', contributorId: 'c1', name: 'One' },
        { articleId: 'a3', contributorId: 'c3', name: 'Three' },
        { articleId: 'gone', contributorId: 'c4', name: 'Four' },
      ],
      2,
    );
    expect(rows).toEqual([
      { contributorId: 'c2', name: 'Two', impressions: 15, clicks: 3, dismissals: 0, conversions: 1 },
      { contributorId: 'c1', name: 'One', impressions: 10, clicks: 1, dismissals: 0, conversions: 1 },
    ]);
  });
});
