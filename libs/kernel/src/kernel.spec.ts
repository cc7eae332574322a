import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, clampLimit } from './page.js';
import { isSlug, slugify } from './slug.js';
import { parseDuration } from './duration.js';
import { DomainError } from './domain-error.js';

describe('slugify', () => {
  it('folds accents and punctuation', () => {
    expect(slugify('Macron, Merz and Tusk: Europe’s “coalition of the willing” in Kyïv')).toBe(
      'macron-merz-and-tusk-europes-coalition-of-the-willing-in-kyiv',
    );
    expect(isSlug(slugify('  ¿Qué pasa?  '))).toBe(true);
  });
  it('cuts long text on a word boundary', () => {
    const s = slugify('word '.repeat(60), 40);
    expect(s.length).toBeLessThanOrEqual(40);
    expect(s.endsWith('-')).toBe(false);
  });
});

describe('cursors', () => {
  it('round-trip and reject garbage with a domain error', () => {
    const c = { at: '2026-01-01T00:00:00.000Z', id: '3f1c' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(() => decodeCursor('garbage')).toThrow(DomainError);
  });
  it('caps limits at 100', () => {
    expect([clampLimit(undefined), clampLimit(0), clampLimit(1000)]).toEqual([20, 1, 100]);
  });
});

describe('parseDuration', () => {
  it('understands units', () => {
    expect(['500ms', '30', '15m', '4h', '2d', 'x'].map(parseDuration)).toEqual([500, 30_000, 900_000, 14_400_000, 172_800_000, null]);
  });
});
