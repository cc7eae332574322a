import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_PINS,
  alertFor,
  chooseTeasers,
  clampTeaserCount,
  compareCandidates,
  pinProblem,
  projectTeaser,
  rankFill,
  sharedTagCount,
  teaserExcerpt,
  type TeaserCandidate,
  type TeaserSubject,
} from './related-stories.rules.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const SECTION = id(900);
const OTHER_SECTION = id(901);
const [T1, T2, T3] = [id(801), id(802), id(803)];
const subject: TeaserSubject = { articleId: id(1), tagIds: [T1, T2, T3], sectionId: SECTION };

const cand = (n: number, over: Partial<TeaserCandidate> = {}): TeaserCandidate => ({
  articleId: id(n),
  slug: `piece-${n}`,
  headline: `Piece ${n}`,
  bodyText: `First paragraph of ${n}.\n\nSecond paragraph of ${n}.\n\nThird paragraph of ${n}.`,
  sectionId: OTHER_SECTION,
  tagIds: [],
  publishedAt: new Date(Date.UTC(2025, 0, n)),
  section: { slug: 'europe', name: 'Europe' },
  topImage: null,
  retracted: false,
  ...over,
});

describe('teaserExcerpt', () => {
  it('is the first two paragraphs, kept apart by a blank line', () => {
    expect(teaserExcerpt('One.\n\nTwo.\n\nThree.')).toBe('One.\n\nTwo.');
  });

  it('cuts past ~400 characters at a word boundary with an ellipsis', () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const out = teaserExcerpt(words);
    expect(out.endsWith('…')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(401);
    const body = out.slice(0, -1);
    expect(words.startsWith(body)).toBe(true);
    // the cut falls between words, never inside one
    expect(words[body.length]).toBe(' ');
  });

  it('keeps a text that fits as it is, and cuts a single overlong word', () => {
    expect(teaserExcerpt('Short.')).toBe('Short.');
    expect(teaserExcerpt('')).toBe('');
    expect(teaserExcerpt('x'.repeat(1000))).toBe(`${'x'.repeat(400)}…`);
  });

  it('never exceeds the limit plus the ellipsis (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 300 }), { maxLength: 5 }), (ps) => {
        expect(teaserExcerpt(ps.join('\n\n')).length).toBeLessThanOrEqual(401);
      }),
    );
  });
});

describe('fill ranking', () => {
  it('counts distinct shared tags', () => {
    expect(sharedTagCount([T1, T2], [T2, T2, T3])).toBe(1);
    expect(sharedTagCount([], [T1])).toBe(0);
  });

  it('most shared tags beat same section, which beats recency', () => {
    const newestOther = cand(30);
    const sameSection = cand(10, { sectionId: SECTION });
    const oneTag = cand(5, { tagIds: [T1] });
    const twoTags = cand(2, { tagIds: [T1, T2] });
    const oneTagSameSection = cand(3, { tagIds: [T3], sectionId: SECTION });
    const ranked = [newestOther, sameSection, oneTag, twoTags, oneTagSameSection].sort(compareCandidates(subject));
    expect(ranked.map((c) => c.articleId)).toEqual([twoTags, oneTagSameSection, oneTag, sameSection, newestOther].map((c) => c.articleId));
  });

  it('newer first among equals; the id breaks exact ties', () => {
    const at = new Date('2025-03-01T00:00:00Z');
    const ranked = [cand(4, { publishedAt: at }), cand(7), cand(9, { publishedAt: at })].sort(compareCandidates(subject));
    expect(ranked.map((c) => c.articleId)).toEqual([id(9), id(4), id(7)]);
  });

  it('excludes the page itself, repeats, retracted pieces and anything excluded', () => {
    const out = rankFill(subject, [cand(1), cand(2), cand(2), cand(3, { retracted: true }), cand(4), cand(5)], [id(5)]);
    expect(out.map((c) => c.articleId)).toEqual([id(4), id(2)]);
  });

  it('never returns the page, a repeat or a retracted piece, and is sorted (property)', () => {
    const arb = fc.array(
      fc.record({
        n: fc.integer({ min: 1, max: 20 }),
        tags: fc.subarray([T1, T2, T3, id(804)]),
        same: fc.boolean(),
        day: fc.integer({ min: 1, max: 28 }),
        retracted: fc.boolean(),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (raw) => {
        const out = rankFill(
          subject,
          raw.map((r) => cand(r.n, { tagIds: r.tags, sectionId: r.same ? SECTION : OTHER_SECTION, publishedAt: new Date(Date.UTC(2025, 1, r.day)), retracted: r.retracted })),
        );
        const ids = out.map((c) => c.articleId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).not.toContain(subject.articleId);
        expect(out.some((c) => c.retracted)).toBe(false);
        for (let i = 1; i < out.length; i++) expect(compareCandidates(subject)(out[i - 1]!, out[i]!)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('chooseTeasers', () => {
  const pin = (target: TeaserCandidate | null) => ({ target });

  it('pins first in order, skipping dead and retracted targets, then the fill without repeats', () => {
    const pins = [pin(cand(20)), pin(null), pin(cand(21, { retracted: true })), pin(cand(22))];
    const { pinned, filled } = chooseTeasers(subject, pins, [cand(22, { tagIds: [T1] }), cand(23), cand(24)], 3);
    expect(pinned.map((p) => p.target.articleId)).toEqual([id(20), id(22)]);
    expect(filled.map((c) => c.articleId)).toEqual([id(24)]);
  });

  it('stops at the count: pins beyond it are backups', () => {
    const pins = [cand(20), cand(21), cand(22), cand(23)].map(pin);
    const { pinned, filled } = chooseTeasers(subject, pins, [cand(30)], 3);
    expect(pinned).toHaveLength(3);
    expect(filled).toEqual([]);
  });
});

describe('projectTeaser', () => {
  const image = {
    url: 'https://img.example/a.jpg',
    alt: 'A harbour',
    width: 1600,
    height: 900,
    caption: 'The harbour',
    creditLine: 'Top photo credit: Agency / Someone',
    license: {},
  };

  it('projects the target: URL, section, headline, excerpt of two paragraphs, image with its credit', () => {
    const t = projectTeaser(cand(3, { topImage: image }), 'https://mag.example/');
    expect(t).toEqual({
      articleId: id(3),
      slug: 'piece-3',
      url: 'https://mag.example/piece-3',
      section: { slug: 'europe', name: 'Europe' },
      headline: 'Piece 3',
      excerpt: 'First paragraph of 3.\n\nSecond paragraph of 3.',
      topImage: { url: image.url, alt: 'A harbour', width: 1600, height: 900, caption: 'The harbour', creditLine: 'Top photo credit: Agency / Someone', renditions: [], crops: [] },
      pinned: false,
    });
  });

  it('an override replaces its field only', () => {
    const t = projectTeaser(cand(3, { topImage: image }), 'https://mag.example', { overrides: { headlineOverride: 'Sharper', excerptOverride: null }, image: null });
    expect(t).toMatchObject({
      headline: 'Sharper',
      excerpt: 'First paragraph of 3.\n\nSecond paragraph of 3.',
      pinned: true,
      topImage: expect.objectContaining({ url: image.url }),
    });
  });
});

describe('pinProblem', () => {
  it('accepts distinct other articles up to the maximum', () => {
    expect(
      pinProblem(
        id(1),
        Array.from({ length: MAX_PINS }, (_, i) => id(10 + i)),
      ),
    ).toBeNull();
  });

  it('names the problem and the offending pin', () => {
    expect(
      pinProblem(
        id(1),
        Array.from({ length: MAX_PINS + 1 }, (_, i) => id(10 + i)),
      )?.code,
    ).toBe('TEASER_TOO_MANY_PINS');
    expect(pinProblem(id(1), [id(2), id(1).toUpperCase()])).toMatchObject({ code: 'TEASER_SELF', field: 'pins[1].targetArticleId' });
    expect(pinProblem(id(1), [id(2), id(3), id(2)])).toMatchObject({ code: 'TEASER_DUPLICATE_PIN', field: 'pins[2].targetArticleId' });
  });
});

describe('alertFor', () => {
  const move = (to: string) => ({
    articleId: id(5),
    action: 'archive' as const,
    from: 'published',
    to,
    at: '2026-01-01T00:00:00.000Z',
    revisionId: null,
    actorId: null,
    comment: null,
  });
  const at = { slug: 'a-piece', url: 'https://news.example.org/a-piece', canonicalUrl: 'https://news.example.org/a-piece' };
  const correction = (kind: 'retraction' | 'correction') => ({ articleId: id(5), correctionId: id(6), kind, ...at, revisionId: id(7), revisionNumber: 2, live: true });
  const down = (to: string) => ({ ...move(to), ...at, revisionId: id(7), revisionNumber: 2, previousSlug: at.slug, previousUrl: at.url });
  it('maps unpublish, retraction and archive to alert reasons; other events to nothing', () => {
    expect(alertFor({ topic: 'article.unpublished', payload: down('draft') })).toEqual({ targetArticleId: id(5), reason: 'unpublished' });
    expect(alertFor({ topic: 'article.corrected', payload: correction('retraction') })).toEqual({ targetArticleId: id(5), reason: 'retracted' });
    expect(alertFor({ topic: 'article.corrected', payload: correction('correction') })).toBeNull();
    expect(alertFor({ topic: 'article.transitioned', payload: move('archived') })).toEqual({ targetArticleId: id(5), reason: 'archived' });
    expect(alertFor({ topic: 'article.transitioned', payload: move('published') })).toBeNull();
  });
});

describe('clampTeaserCount', () => {
  it('defaults to three and stays within 0..12', () => {
    expect(clampTeaserCount(undefined)).toBe(3);
    expect(clampTeaserCount(-2)).toBe(0);
    expect(clampTeaserCount(100)).toBe(12);
    expect(clampTeaserCount(2.7)).toBe(2);
  });
});
