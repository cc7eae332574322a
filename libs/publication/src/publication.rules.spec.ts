import { describe, expect, it } from 'vitest';
import { articlePageKeys, changedPieceKeys, isRetracted } from './publication.rules.js';

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
    expect(changedPieceKeys('a1', { tags: [{ slug: 't' }] })).toEqual(['article-a1', 'tag-t', 'home']);
  });
});
