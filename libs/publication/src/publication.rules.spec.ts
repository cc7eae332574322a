import { describe, expect, it } from 'vitest';
import {
  JSON_LD_HEADLINE_MAX,
  MAX_WINDOW_MONTHS,
  articleMeta,
  publisherJsonLd,
  articlePageKeys,
  changedPieceKeys,
  isRetracted,
  publicationTimes,
  sharedPartKeys,
  windowMonthsQuery,
} from './publication.rules.js';

describe('isRetracted', () => {
  it('is true only when a correction of kind retraction is present', () => {
    expect(isRetracted([{ kind: 'correction' }, { kind: 'retraction' }])).toBe(true);
    expect(isRetracted([{ kind: 'correction' }, { kind: 'clarification' }])).toBe(false);
    expect(isRetracted([])).toBe(false);
  });
});

describe('surrogate keys', () => {
  const page = { section: { slug: 'europe' }, type: { slug: 'analysis' }, tags: [{ slug: 'nato' }, { slug: 'energy' }], bylines: [{ slug: 'ada-writer' }] };
  it('an article page answers to the piece, its section, tags and bylines', () => {
    expect(articlePageKeys('a1', page)).toEqual(['article-a1', 'section-europe', 'tag-nato', 'tag-energy', 'contributor-ada-writer']);
    expect(articlePageKeys('a1', {})).toEqual(['article-a1']);
  });
  it('a change purges those, the type and every list', () => {
    expect(changedPieceKeys('a1', page)).toEqual(['article-a1', 'section-europe', 'type-analysis', 'tag-nato', 'tag-energy', 'contributor-ada-writer', 'home']);
    expect(changedPieceKeys('a1', { ...page, slug: 'the-piece' })).toEqual([
      'article-a1',
      'slug-the-piece',
      'section-europe',
      'type-analysis',
      'tag-nato',
      'tag-energy',
      'contributor-ada-writer',
      'home',
    ]);
    expect(changedPieceKeys('a1', { tags: [{ slug: 't' }] })).toEqual(['article-a1', 'tag-t', 'home']);
  });
});

describe('sharedPartKeys (issue 17 item 14)', () => {
  it('the lists or the consent text purge every newsletter box, a campaign every banner, an appeals switch its page', () => {
    expect(sharedPartKeys({ newsletter: true })).toEqual(['newsletter-box']);
    expect(sharedPartKeys({ campaignId: 'c1' })).toEqual(['donation-banners']);
    expect(sharedPartKeys({ articleId: 'a1' })).toEqual(['article-a1']);
  });
});

describe('windowMonthsQuery', () => {
  it('lists every UTC month from the window start to the month after the newest piece', () => {
    expect(windowMonthsQuery(new Date('2025-11-30T23:30:00-02:00'), new Date('2026-02-10T00:00:00Z'))).toBe("'~m:2025-12' | '~m:2026-01' | '~m:2026-02' | '~m:2026-03'");
    expect(windowMonthsQuery(new Date('2026-12-01T00:00:00Z'), new Date('2026-12-31T23:59:59Z'))).toBe("'~m:2026-12' | '~m:2027-01'");
  });

  it('gives up on a window longer than MAX_WINDOW_MONTHS months, and on one that ends before it starts', () => {
    const since = new Date('2000-01-15T00:00:00Z');
    const fits = new Date(Date.UTC(2000, MAX_WINDOW_MONTHS - 2, 1));
    expect(windowMonthsQuery(since, fits)!.split(' | ')).toHaveLength(MAX_WINDOW_MONTHS);
    expect(windowMonthsQuery(since, new Date(Date.UTC(2000, MAX_WINDOW_MONTHS - 1, 1)))).toBeNull();
    expect(windowMonthsQuery(new Date('2026-05-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'))).toBeNull();
  });

  it('names each month as PostgreSQL does in the trigger', () => {
    // to_char(t AT TIME ZONE 'UTC', 'YYYY-MM') for a few instants
    for (const iso of ['2024-02-29T12:00:00Z', '2026-01-01T00:00:00Z', '2026-10-31T23:59:59Z']) {
      const t = new Date(iso);
      expect(windowMonthsQuery(t, t)!.split(' | ')[0]).toBe(`'~m:${iso.slice(0, 7)}'`);
    }
  });
});

describe('publicationTimes (issue 17 item 11)', () => {
  const first = new Date('2026-09-01T08:00:00.000Z');
  const now = new Date('2026-11-01T10:00:00.000Z');
  const marked = new Date('2026-10-01T10:00:00.000Z');
  it('a republish keeps the first publication as the publication date and is the update', () => {
    expect(publicationTimes(first, now)).toEqual({ publishedAt: first, updatedAt: now, substantiveUpdateAt: null });
  });
  it('the first publish is both', () => {
    expect(publicationTimes(null, now)).toEqual({ publishedAt: now, updatedAt: now, substantiveUpdateAt: null });
  });
  it('a publication date is never in the future', () => {
    expect(publicationTimes(new Date('2027-01-01T00:00:00.000Z'), now)).toEqual({ publishedAt: now, updatedAt: now, substantiveUpdateAt: null });
  });
  it('a republish marked substantive is an update, never a publication; an unmarked one keeps the last mark', () => {
    expect(publicationTimes(first, now, { substantive: true })).toEqual({ publishedAt: first, updatedAt: now, substantiveUpdateAt: now });
    expect(publicationTimes(first, now, { previous: marked })).toEqual({ publishedAt: first, updatedAt: now, substantiveUpdateAt: marked });
    expect(publicationTimes(null, now, { substantive: true })).toEqual({ publishedAt: now, updatedAt: now, substantiveUpdateAt: null });
  });
});

describe('articleMeta', () => {
  const input = {
    slug: 'a-piece',
    headline: 'H'.repeat(130),
    dek: 'The dek.',
    seo: { title: 'SEO title', description: 'SEO description', canonicalUrl: null },
    topImage: null,
    bylines: [{ slug: 'ada', name: 'Ada', title: null }],
    section: { name: 'Europe' },
    tags: [],
    publishedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    corrections: [{ kind: 'retraction', text: 'Retracted.', at: '2026-01-03T00:00:00.000Z' }],
    publisher: { name: 'The Desk', url: 'https://desk.example/', logo: null },
  };
  it('without a top image: a summary card, no image in JSON-LD; the headline clipped to 110; a retraction is a correction', () => {
    const m = articleMeta(input);
    expect(m.twitter.card).toBe('summary');
    expect(m.openGraph.url).toBe('https://desk.example/a-piece');
    expect(m.jsonLd.image).toBeUndefined();
    expect((m.jsonLd.headline as string).length).toBe(JSON_LD_HEADLINE_MAX);
    expect(m.jsonLd.correction).toEqual([{ '@type': 'CorrectionComment', text: 'Retraction: Retracted.', datePublished: '2026-01-03T00:00:00.000Z' }]);
    expect(m.jsonLd.author).toEqual([{ '@type': 'Person', name: 'Ada', url: 'https://desk.example/contributors/ada' }]);
  });
  it('a canonical URL wins', () => {
    expect(articleMeta({ ...input, seo: { ...input.seo, canonicalUrl: 'https://elsewhere.example/x' } }).openGraph.url).toBe('https://elsewhere.example/x');
  });
  it('share-card overrides: Open Graph its own, else SEO and the top image; Twitter its own, else Open Graph', () => {
    const top = { url: 'https://img.example/top.jpg', width: 1600, height: 900, alt: 'Top' };
    const og = { url: 'https://img.example/og.jpg', width: 1200, height: 630, alt: 'OG' };
    const none = { ogTitle: null, ogDescription: null, ogImage: null, twitterTitle: null, twitterDescription: null, twitterImage: null };
    const plain = articleMeta({ ...input, topImage: top, social: none });
    expect([plain.openGraph.title, plain.openGraph.description, plain.openGraph.image?.url]).toEqual(['SEO title', 'SEO description', top.url]);
    expect([plain.twitter.title, plain.twitter.image]).toEqual(['SEO title', top.url]);
    const m = articleMeta({ ...input, topImage: top, social: { ...none, ogTitle: 'OG title', ogImage: og, twitterDescription: 'Tw description' } });
    expect(m.openGraph).toMatchObject({ title: 'OG title', description: 'SEO description', image: og });
    expect(m.twitter).toEqual({ card: 'summary_large_image', title: 'OG title', description: 'Tw description', image: og.url, imageAlt: 'OG' });
    // an override image alone makes a large card even without a top image
    expect(articleMeta({ ...input, social: { ...none, twitterImage: og } }).twitter.card).toBe('summary_large_image');
    expect(m.jsonLd.headline).toBe(plain.jsonLd.headline);
    expect(m.jsonLd.publisher).toEqual(publisherJsonLd(input.publisher));
  });
});

describe('publisherJsonLd', () => {
  it('is what a page’s JSON-LD names as publisher', () => {
    const publisher = { name: 'The Desk', url: 'https://desk.example/', logo: { url: 'https://img.example/logo.png', width: 600, height: null, alt: null } };
    expect(publisherJsonLd(publisher)).toEqual({
      '@type': 'Organization',
      '@id': 'https://desk.example/#publisher',
      name: 'The Desk',
      url: 'https://desk.example',
      logo: { '@type': 'ImageObject', url: 'https://img.example/logo.png', width: 600 },
    });
  });
});
