import { describe, expect, it } from 'vitest';
import { DomainError } from '#libs/kernel';
import { assertTagKind, cleanDescription, cleanTermName, decodeSlugCursor, encodeSlugCursor, termSlug, uniqueInOrder } from './taxonomy.rules.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? `${e.kind}:${e.code}` : 'not a domain error';
  }
  return undefined;
};

describe('term slugs', () => {
  it('derive from the name when none is given', () => {
    expect(termSlug('section', 'Middle East')).toBe('middle-east');
    expect(termSlug('tag', 'Recep Tayyip Erdoğan')).toBe('recep-tayyip-erdogan');
    expect(termSlug('type', 'Q&A / Interview', null)).toBe('q-a-interview');
  });
  it('keep a given slug as it is, only when it already is one', () => {
    expect(termSlug('section', 'Europe', 'eu')).toBe('eu');
    expect(codeOf(() => termSlug('section', 'Europe', 'Europe'))).toBe('validation:SECTION_SLUG_INVALID');
    expect(codeOf(() => termSlug('tag', 'x', 'two--hyphens'))).toBe('validation:TAG_SLUG_INVALID');
    expect(codeOf(() => termSlug('type', 'x', '-lead'))).toBe('validation:ARTICLE_TYPE_SLUG_INVALID');
    expect(codeOf(() => termSlug('tag', 'x', ''))).toBe('validation:TAG_SLUG_INVALID');
    expect(codeOf(() => termSlug('tag', 'x', 'a'.repeat(81)))).toBe('validation:TAG_SLUG_INVALID');
  });
  it('refuse a name with nothing to build a slug from', () => {
    expect(codeOf(() => termSlug('section', '¿?!'))).toBe('validation:SECTION_SLUG_INVALID');
  });
  it('stay within 80 characters, cut on a word boundary', () => {
    const slug = termSlug('tag', 'word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
  });
});

describe('term names and descriptions', () => {
  it('are trimmed, single-spaced and free of control characters', () => {
    expect(cleanTermName('section', '  Global \n  Crises\u0000 ')).toBe('Global Crises');
    expect(cleanDescription('  line one\r\nline two  ')).toBe('line one\nline two');
    expect(cleanDescription('   ')).toBeNull();
  });
  it('are refused when empty or too long', () => {
    expect(codeOf(() => cleanTermName('section', '   '))).toBe('validation:SECTION_NAME_INVALID');
    expect(codeOf(() => cleanTermName('tag', 'x'.repeat(121)))).toBe('validation:TAG_NAME_INVALID');
    expect(codeOf(() => cleanDescription('x'.repeat(2001)))).toBe('validation:SECTION_DESCRIPTION_TOO_LONG');
  });
});

describe('tag kinds', () => {
  it('are person, place, organization or topic', () => {
    expect(['person', 'place', 'organization', 'topic'].map((k) => assertTagKind(k))).toHaveLength(4);
    expect(codeOf(() => assertTagKind('event'))).toBe('validation:TAG_KIND_INVALID');
  });
});

describe('references and cursors', () => {
  it('resolve each id once, in the order first given, case-folded', () => {
    expect(uniqueInOrder(['B', 'a', 'b', 'c', 'A'])).toEqual(['b', 'a', 'c']);
  });
  it('cursor round-trips and refuses garbage', () => {
    expect(decodeSlugCursor(encodeSlugCursor('middle-east'))).toBe('middle-east');
    expect(codeOf(() => decodeSlugCursor('%%%'))).toBe('validation:INVALID_CURSOR');
    expect(codeOf(() => decodeSlugCursor(Buffer.from("x' OR 1=1").toString('base64url')))).toBe('validation:INVALID_CURSOR');
  });
});
