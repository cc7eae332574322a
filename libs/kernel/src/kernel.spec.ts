import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, clampLimit } from './page.js';
import { isSlug, slugify } from './slug.js';
import { parseDuration } from './duration.js';
import { DomainError } from './domain-error.js';

describe('slugify', () => {
  it('folds accents and punctuation', () => {
    expect(slugify('Macron, Merz and Tusk: Europe’s “coalition of the willing” in Kyïv')).toBe('macron-merz-and-tusk-europes-coalition-of-the-willing-in-kyiv');
    expect(isSlug(slugify('  ¿Qué pasa?  '))).toBe(true);
  });
  it('cuts long text on a word boundary', () => {
    const s = slugify('word '.repeat(60), 40);
    expect(s.length).toBeLessThanOrEqual(40);
    expect(s.endsWith('-')).toBe(false);
  });
});

describe('cursors', () => {
  const id = '3f1c2a5e-8d4b-4c3a-9e2f-1a2b3c4d5e6f';
  const forged = (text: string) => Buffer.from(text).toString('base64url');
  it('round-trip and reject garbage with a domain error', () => {
    for (const at of ['2026-01-01T00:00:00.000Z', '2026-11-27T10:11:12.123456Z', '2024-02-29T23:59:59Z']) {
      expect(decodeCursor(encodeCursor({ at, id }))).toEqual({ at, id });
    }
    expect(() => decodeCursor('garbage')).toThrow(DomainError);
  });
  it('issue 17 item 13: a forged cursor is refused as INVALID_CURSOR before any SQL', () => {
    const bad = [
      forged(`2026-01-01T00:00:00.000Z|not-a-uuid`),
      forged(`2026-01-01T00:00:00.000Z|${id.toUpperCase()}`),
      forged(`2026-02-30T00:00:00.000Z|${id}`),
      forged(`0000-01-01T00:00:00.000Z|${id}`),
      forged(`+275760-09-13T00:00:00.000Z|${id}`),
      forged(`2026-01-01T24:00:00.000Z|${id}`),
      forged(`2026-01-01|${id}`),
      forged(`1e3|${id}`),
      forged(`2026-01-01T00:00:00.000+02:00|${id}`),
      forged(`2026-01-01T00:00:00.000Z|${id}|x`),
      forged(`2026-01-01T00:00:00.000Z|${id}\u0000`),
      `${encodeCursor({ at: '2026-01-01T00:00:00.000Z', id })}=`,
      `${encodeCursor({ at: '2026-01-01T00:00:00.000Z', id })}.`,
      '',
      'a'.repeat(500),
    ];
    for (const raw of bad) {
      let thrown: unknown;
      try {
        decodeCursor(raw);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, raw).toBeInstanceOf(DomainError);
      expect((thrown as DomainError).code).toBe('INVALID_CURSOR');
    }
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
