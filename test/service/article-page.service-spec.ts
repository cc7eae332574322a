import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLACEMENTS } from '#libs/donation-banners';
import { PublicationReader, type CachedResponse } from '#libs/publication';
import {
  articlePageObject,
  readerPage,
  readerPart,
  sharedPage,
  sharedPart,
  type NewsletterBox,
  type ReaderMembers,
  type SharedMembers,
} from '../../apps/api/src/content/articles/article-page.js';
import { createServiceContext, type ServiceContext } from '../support/service-harness.js';

// Text as readers and editors type it: any code point but NUL (which jsonb refuses), so quotes,
// backslashes, typographic marks, U+2028, emoji and other scripts all occur.
const text = (maxLength = 24) => fc.string({ unit: 'binary', maxLength }).filter((s) => !s.includes('\u0000'));
// JSON numbers: finite, and 0 for -0 (JSON has no negative zero)
const num = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (d === 0 ? 0 : d)),
);
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    num,
    text(),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(text(8), tie('json'), { maxKeys: 4 }),
  ),
}));
const ref = fc.record({ id: fc.uuid(), slug: text(12), name: text() });
const page = fc
  .record({
    headline: text(80),
    dek: text(120),
    kicker: text(),
    section: ref,
    type: ref,
    tags: fc.array(ref, { maxLength: 4 }),
    bylines: fc.array(fc.record({ contributorId: fc.uuid(), slug: text(12), name: text(), role: text(8) }), { maxLength: 3 }),
    bodyHtml: text(400),
    topImage: fc.option(fc.record({ url: text(), alt: text(), width: fc.nat(), credit: json }), { nil: null }),
    corrections: fc.array(fc.record({ id: fc.uuid(), kind: text(8), text: text(), at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) }), { maxLength: 2 }),
  })
  .chain((known) => fc.dictionary(text(10), json, { maxKeys: 3 }).map((extra) => ({ ...extra, ...known })));
const teaser = fc.record({ articleId: fc.uuid(), slug: text(12), headline: text(), dek: text(), kicker: text(), pinned: fc.boolean(), topImage: json });
const teasers = fc.array(teaser, { maxLength: 5 });
const box: fc.Arbitrary<NewsletterBox | null> = fc.option(
  fc.record({
    heading: text(160),
    body: text(1000),
    buttonLabel: text(80),
    lists: fc.array(fc.record({ id: fc.uuid(), slug: text(12), name: text(), description: text() }), { minLength: 1, maxLength: 3 }),
    consentTextId: fc.option(fc.uuid(), { nil: null }),
    consentText: fc.option(text(200), { nil: null }),
    subscribePath: fc.constant('/v1/content/newsletter/subscriptions'),
  }),
  { nil: null },
);
const placement = fc.constantFrom(...PLACEMENTS);
const banner = fc.record({
  campaignId: fc.uuid(),
  variantId: fc.uuid(),
  placement,
  paragraph: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
  headline: text(),
  bodyHtml: text(200),
  ctaLabel: text(),
  ctaUrl: text(),
  frequency: fc.record({
    startAfterPageviews: fc.nat(),
    everyNthPageview: fc.integer({ min: 1, max: 10 }),
    maxPerDay: fc.option(fc.nat(), { nil: null }),
    maxPerWeek: fc.option(fc.nat(), { nil: null }),
  }),
});
const shared: fc.Arbitrary<SharedMembers> = fc.record({ newsletterBox: box });
const reader: fc.Arbitrary<ReaderMembers> = fc.record({
  donationBanners: fc.dictionary(placement, fc.option(banner, { nil: null }), { maxKeys: PLACEMENTS.length }),
  donationGlobalCap: fc.record({ maxPerDay: fc.nat(), maxPerWeek: fc.nat() }),
});

/** Stage 2 and 3 as the api runs them (ArticleExtras, with its caching left out). */
const assemble = (stored: Parameters<typeof sharedPage>[0], chosenNow: object[] | null, s: SharedMembers, r: ReaderMembers) => {
  const two = sharedPage(stored, chosenNow, sharedPart(s));
  const cached: CachedResponse = { status: 200, body: two.body, etag: two.etag, contentType: 'application/json; charset=utf-8', surrogateKeys: [] };
  const three = readerPage(cached, readerPart(r));
  return { bytes: Buffer.concat([three.body, three.tail ?? Buffer.alloc(0)]), etag: three.etag };
};

describe('the article page wire format (article-page.ts)', () => {
  let t: ServiceContext;
  let reader$: PublicationReader;
  let n = 0;

  beforeAll(async () => {
    t = await createServiceContext();
    reader$ = t.get(PublicationReader);
  });
  afterAll(async () => t?.close());

  /** A live row written as publication writes it; stage 1 is the real trigger's. */
  const store = async (pageValue: object, storedTeasers: object[] | null, viaUpdate: boolean) => {
    const slug = `wire-${++n}`;
    const id = randomUUID();
    await t.sql(
      `INSERT INTO published_articles (article_id, revision_id, slug, headline, dek, section_id, type_id, page, body_text, excerpt, published_at, updated_at, teasers)
       VALUES ($1, $2, $3, 'h', 'd', $2, $2, $4::jsonb, 'b', 'e', now(), now(), $5::jsonb)`,
      [id, randomUUID(), slug, JSON.stringify(pageValue), viaUpdate || storedTeasers === null ? null : JSON.stringify(storedTeasers)],
    );
    if (viaUpdate && storedTeasers) await t.sql(`UPDATE published_articles SET teasers = $2::jsonb WHERE article_id = $1`, [id, JSON.stringify(storedTeasers)]);
    const found = await reader$.bySlug(slug);
    if (found.kind !== 'found') throw new Error(`the row for ${slug} was not read back: ${found.kind}`);
    return found.page;
  };

  it('the assembled bytes parse to exactly the object the slow path builds', async () => {
    await fc.assert(
      fc.asyncProperty(page, fc.option(teasers, { nil: null }), teasers, shared, reader, fc.boolean(), async (p, storedTeasers, chosenNow, s, r, viaUpdate) => {
        const stored = await store(p, storedTeasers, viaUpdate);
        expect(stored.teasersPending).toBe(storedTeasers === null);
        const { bytes } = assemble(stored, stored.teasersPending ? chosenNow : null, s, r);
        const expected = articlePageObject(p, storedTeasers ?? chosenNow, s, r);
        expect(JSON.parse(bytes.toString('utf8'))).toEqual(expected);
      }),
      { numRuns: 120 },
    );
  });

  it('the strong ETag changes exactly when the bytes do', async () => {
    await fc.assert(
      fc.asyncProperty(page, teasers, fc.tuple(shared, shared), fc.tuple(reader, reader), fc.boolean(), async (p, chosenNow, [s1, s2], [r1, r2], same) => {
        const stored = await store(p, null, false);
        const a = assemble(stored, chosenNow, s1, r1);
        const b = same ? assemble(stored, chosenNow, s1, r1) : assemble(stored, chosenNow, s2, r2);
        expect(a.etag === b.etag).toBe(a.bytes.equals(b.bytes));
        expect(a.etag).toMatch(/^"[0-9a-f]{32}[A-Za-z0-9_-]{36}"$/);
      }),
      { numRuns: 40 },
    );
  });
});
