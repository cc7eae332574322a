import type { OpenAPIObject } from '@nestjs/swagger';
import { parseDocument, DomUtils } from 'htmlparser2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../apps/api/src/bootstrap.js';
import { renderArticlePage } from '../../packages/sdk/examples/article-page.js';
import { ContentApiError, ContentNetworkError, createContentClient, crop, pictureHtml, srcset, type ContentClient } from '../../packages/sdk/src/index.js';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { makeMagazine, type Magazine } from '../support/magazine.js';
import { nonConformities, responseSchema } from '../support/openapi-conformance.js';

// The content SDK (packages/sdk) against the running api, over real HTTP with the global fetch:
// every method's answer conforms to the OpenAPI schema its types are generated from, errors
// arrive typed, the iterators walk every page, and a page assembled from the SDK alone shows
// every piece of the magazine's article page (DOMAIN.md).

let t: TestApp;
let admin: Credential;
let editor: Credential;
let doc: OpenAPIObject;
let cms: ContentClient;
let baseUrl: string;
let m: Magazine;
const slugs: Record<'section' | 'tag' | 'contributor', string> = { section: '', tag: '', contributor: '' };

/** Fails with the list of departures when a response does not conform to its documented schema. */
function conforms(method: 'get' | 'post', path: string, value: unknown, status = 200) {
  expect(nonConformities(doc, responseSchema(doc, method, path, status), value), `${method.toUpperCase()} ${path}`).toEqual([]);
}

beforeAll(async () => {
  t = await createTestApp({ env: { CONTENT_CACHE_MAX_MB: '0' } });
  admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  doc = buildOpenApi(t.app);
  baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  cms = createContentClient({ baseUrl, key: await contentKey(t, admin) });
  m = await makeMagazine(t, admin, editor);
  slugs.section = (await t.sql<{ slug: string }>(`SELECT slug FROM sections WHERE id = $1`, [m.world.sectionId]))[0]!.slug;
  slugs.tag = (await t.sql<{ slug: string }>(`SELECT slug FROM tags WHERE id = $1`, [m.world.tagIds[0]]))[0]!.slug;
  slugs.contributor = (await t.sql<{ slug: string }>(`SELECT slug FROM contributors WHERE id = $1`, [m.world.contributorId]))[0]!.slug;
});
afterAll(() => t?.close());

describe('every read conforms to the documented schema', () => {
  it('the article page, lists, search, taxonomy pages, corrections and preview', async () => {
    const page = await cms.article(m.main.slug, { reader: 'reader-1' });
    conforms('get', '/v1/content/articles/{slug}', page);
    expect(page.article.articleId).toBe(m.main.id);
    expect(page.relatedStories).toHaveLength(3);
    conforms('get', '/v1/content/articles/by-id/{id}', await cms.articleById(m.main.id));
    expect(page.donationBanners.after_body?.headline).toBe('Dear readers:');

    conforms('get', '/v1/content/articles', await cms.articles({ section: slugs.section, limit: 2 }));
    conforms('get', '/v1/content/latest', await cms.latest({ limit: 2 }));
    const found = await cms.search('leaders', { limit: 2 });
    expect(found.items.length).toBeGreaterThan(0);
    conforms('get', '/v1/content/search', found);
    conforms('get', '/v1/content/sections', await cms.sections());
    conforms('get', '/v1/content/sections/{slug}', await cms.section(slugs.section, { limit: 1 }));
    conforms('get', '/v1/content/tags/{slug}', await cms.tag(slugs.tag, { limit: 1 }));
    conforms('get', '/v1/content/contributors/{slug}', await cms.contributor(slugs.contributor, { limit: 1 }));
    const corrections = await cms.corrections();
    expect(corrections.items.map((c) => c.article.articleId)).toContain(m.main.id);
    conforms('get', '/v1/content/corrections', corrections);
    const preview = await cms.preview(m.draft.token);
    expect(preview.article.articleId).toBe(m.draft.id);
    conforms('get', '/v1/content/preview/{token}', preview);
    conforms('get', '/v1/content/status', await cms.status());
    conforms('get', '/v1/content/types', await cms.types());
    conforms('get', '/v1/content/tags', await cms.tags());
    const people = await cms.contributors();
    expect(people.items.map((p) => p.id)).toEqual([m.world.contributorId]);
    conforms('get', '/v1/content/contributors', people);
    const site = await cms.settings();
    expect(site.title).toBe('The Foreign Desk');
    conforms('get', '/v1/content/settings', site);
  });

  it('the checker itself refuses an undocumented member and a missing one', async () => {
    const page = structuredClone(await cms.article(m.main.slug));
    (page.article as Record<string, unknown>).surprise = 1;
    delete (page.article as Partial<typeof page.article>).headline;
    const problems = nonConformities(doc, responseSchema(doc, 'get', '/v1/content/articles/{slug}'), page);
    expect(problems).toEqual(expect.arrayContaining(['$.article.surprise: not in the schema', '$.article.headline: required, missing']));
  });
});

describe('typed errors', () => {
  it('an unknown slug, a bad key, bad input and no server each arrive as their own error', async () => {
    const missing = await cms.article('no-such-piece-here').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ContentApiError);
    expect(missing).toMatchObject({ status: 404, code: 'ARTICLE_NOT_FOUND', notFound: true });
    expect((missing as ContentApiError).requestId).toMatch(/\S/);
    expect(await cms.articleOrNull('no-such-piece-here')).toBeNull();

    const badKey = await createContentClient({ baseUrl, key: 'not-a-key' })
      .latest()
      .catch((e: unknown) => e);
    expect(badKey).toMatchObject({ status: 401, code: 'API_KEY_INVALID' });

    const badLimit = await cms.articles({ limit: 1000 }).catch((e: unknown) => e);
    expect(badLimit).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((badLimit as ContentApiError).details.map((d) => d.field)).toContain('limit');

    const nobody = await createContentClient({ baseUrl: 'http://127.0.0.1:9', key: 'k', timeoutMs: 2_000 })
      .latest()
      .catch((e: unknown) => e);
    expect(nobody).toBeInstanceOf(ContentNetworkError);
  });
});

describe('lists', () => {
  it('fields= gives typed partial cards, exclude= leaves pieces out', async () => {
    const rail = await cms.latest({ limit: 10, exclude: [m.main.id], fields: ['slug', 'headline'] });
    expect(rail.items.map((c) => c.articleId)).not.toContain(m.main.id);
    expect(rail.items).toHaveLength(3);
    const first = rail.items[0]!;
    const headline: string = first.headline;
    expect(Object.keys(first)).toEqual(['articleId', 'slug', 'headline']);
    expect(headline).toBeTruthy();
  });
});

describe('card images', () => {
  it('carry a compact srcset the image helpers expand: the same candidates as the page', async () => {
    const latest = await cms.latest({ limit: 10 });
    const withImage = latest.items.filter((c) => c.topImage);
    expect(withImage.length).toBeGreaterThan(0);
    for (const c of withImage) {
      expect(srcset(c.topImage!)).toMatch(/ \d+w/);
      // uploads carry renditions (images registered by URL only their original)
      if (c.topImage!.srcset.widths.length) expect(pictureHtml(c.topImage!)).toContain('type="image/avif"');
    }
    const page = await cms.article(m.main.slug);
    const card = latest.items.find((c) => c.articleId === m.main.id)!;
    expect(srcset(card.topImage!)).toBe(srcset(page.article.topImage!));
    expect(srcset(card.topImage!, 'webp')).toBe(srcset(page.article.topImage!, 'webp'));
    const ratios = page.article.topImage!.crops.map((c) => c.aspectRatio);
    expect(card.topImage!.crops.map((c) => c.aspectRatio)).toEqual(ratios);
    for (const r of ratios) expect(srcset(crop(card.topImage!, r)!)).toBe(srcset(crop(page.article.topImage!, r)!));
    expect(srcset(card.topImage!)).toContain(' 1600w');
  });
});

describe('pagination iterators', () => {
  it('walk every page of a list one card at a time, each piece once', async () => {
    const seen: string[] = [];
    for await (const card of cms.allArticles({ section: slugs.section, limit: 1 })) seen.push(card.articleId);
    const all = [m.main, ...m.others].map((a) => a.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...all].sort());
    let pages = 0;
    for await (const page of cms.pages((cursor) => cms.latest({ limit: 2, cursor }))) pages += page.items.length ? 1 : 0;
    expect(pages).toBe(2);
    const hits: string[] = [];
    for await (const hit of cms.allSearch('leaders', { limit: 1 })) hits.push(hit.articleId);
    expect(hits.length).toBe(4);
  });
});

describe('writes', () => {
  it('the newsletter box signup and banner events', async () => {
    const page = await cms.article(m.main.slug);
    const box = page.newsletterBox!;
    const accepted = await cms.subscribe({
      email: `reader-${Date.now()}@example.org`,
      lists: box.lists.map((l) => l.id),
      consentTextId: box.consentTextId!,
      source: { articleId: m.main.id },
    });
    conforms('post', '/v1/content/newsletter/subscriptions', accepted, 202);
    const b = page.donationBanners.after_body!;
    const events = await cms.bannerEvents([{ eventId: crypto.randomUUID(), type: 'impression', campaignId: b.campaignId, variantId: b.variantId, articleId: m.main.id }]);
    expect(events).toMatchObject({ received: 1, counted: 1 });
    conforms('post', '/v1/content/donation-campaigns/events', events);
  });

  it('an old address of the site resolves to null when nothing lives there', async () => {
    expect(await cms.legacyRedirect('/2020/01/01/nothing-here/')).toBeNull();
  });
});

describe('a page assembled only from the SDK', () => {
  it('shows every piece of the magazine article page (DOMAIN.md), each image with a srcset', async () => {
    const html = await renderArticlePage(cms, m.main.slug, { reader: 'reader-2' });
    expect(html).not.toBeNull();
    const dom = parseDocument(html!);
    const all = (cls: string) => DomUtils.findAll((e) => (e.attribs.class ?? '').split(' ').includes(cls), dom.children);
    const text = (cls: string) => all(cls).map((e) => DomUtils.textContent(e).trim());
    const page = await cms.article(m.main.slug);
    const a = page.article;

    // tag strip, headline, dek, kicker
    expect(DomUtils.textContent(all('tag-strip')[0]!)).toContain(a.tags[0]!.name);
    expect(a.tags).toHaveLength(2);
    expect(DomUtils.textContent(DomUtils.findOne((e) => e.name === 'h1', dom.children)!)).toBe(m.main.headline);
    expect(text('dek')).toEqual([a.dek]);
    expect(text('kicker')[0]).toMatch(/^Analysis .+ \| Europe /);
    // byline and date, "updated" after the correction
    expect(text('byline')[0]).toContain(a.bylines[0]!.name);
    expect(all('published')[0]!.attribs.datetime).toBe(a.publishedAt);
    expect(all('updated')).toHaveLength(1);
    // body
    expect(DomUtils.findAll((e) => e.name === 'p', all('body')).length).toBeGreaterThanOrEqual(3);
    // top image with its credit line and caption
    expect(text('credit')[0]).toMatch(/^Top image credit: Photographer /);
    expect(text('caption')[0]).toBe('Three leaders at the summit table in Warsaw, on 12 November.');
    // the correction
    expect(text('correction')[0]).toContain('misdated the summit');
    // donation appeal after the body, the section label repeated
    expect(text('donation-appeal')[0]).toContain('Dear readers:');
    expect(text('section-label')).toEqual([a.kicker]);
    // related stories: three cards, each with image, credit, section, headline, collapsible excerpt
    const cards = all('related-card');
    expect(cards).toHaveLength(3);
    for (const card of cards) {
      const one = (cls: string) => DomUtils.findAll((e) => (e.attribs.class ?? '').split(' ').includes(cls), [card]);
      expect(DomUtils.textContent(one('credit')[0]!)).toMatch(/credit:/);
      expect(DomUtils.textContent(one('section')[0]!)).toMatch(/Europe/);
      expect(DomUtils.findOne((e) => e.name === 'summary', [card])).toBeTruthy();
      expect(DomUtils.textContent(one('excerpt')[0]!)).toContain('keep reading');
    }
    // LATEST rail without the piece itself
    const rail = DomUtils.findAll((e) => e.name === 'li', all('latest'));
    expect(rail.length).toBe(3);
    expect(rail.map((li) => DomUtils.textContent(li)).join()).not.toContain(m.main.headline);
    // newsletter box with an email field
    const form = all('newsletter-box')[0]!;
    expect(DomUtils.textContent(form)).toMatch(/Subscribe now to our weekly round-up/);
    expect(DomUtils.textContent(form)).toMatch(/Staff analysis, opinion, and news/);
    expect(DomUtils.findOne((e) => e.name === 'input' && e.attribs.type === 'email', [form])).toBeTruthy();
    // the byline box, the share cards and the JSON-LD
    expect(text('byline-box')[0]).toContain(a.bylines[0]!.name);
    const metas = DomUtils.findAll((e) => e.name === 'meta', dom.children);
    const og = (prop: string) => metas.find((e) => e.attribs.property === prop || e.attribs.name === prop)?.attribs.content;
    expect(og('og:title')).toBe(m.main.headline);
    expect(og('og:image')).toBe(a.topImage!.url);
    expect(og('twitter:card')).toBe('summary_large_image');
    const ld = JSON.parse(DomUtils.textContent(DomUtils.findOne((e) => e.name === 'script' && e.attribs.type === 'application/ld+json', dom.children)!)) as Record<string, unknown>;
    expect(ld).toMatchObject({ '@type': 'NewsArticle', headline: m.main.headline, publisher: { name: 'The Foreign Desk' } });
    expect((ld.correction as unknown[]).length).toBe(1);
    // social and search-engine calls to action, from the site settings
    const follow = all('follow').map((e) => e.attribs.href);
    expect(follow).toEqual(['https://bsky.app/profile/foreigndesk.example', 'https://www.linkedin.com/company/foreigndesk']);
    expect(text('social-calls')[0]).toMatch(/^Follow us on social/);
    expect(text('preferred-source')).toEqual(['Make us a preferred source on Google']);
    expect(text('menu-primary')[0]).toBe('Europe');
    // every image carries a srcset with widths (the logo, the top image, three teasers)
    const imgs = DomUtils.findAll((e) => e.name === 'img', dom.children);
    expect(imgs.length).toBe(5);
    for (const img of imgs) expect(img.attribs.srcset).toMatch(/ \d+w/);
    expect(srcset(a.topImage!)).toContain(' 1600w');
  });
});
