import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { ArticlePageQuery, maxLengthOf } from './content.dto.js';
import { apiKeyOf, articlePageRequest, cacheControlOf, cacheKey, capSurrogateKeys, parseContentUrl, readerOf, SURROGATE_KEY_MAX_CHARS } from './content-http.js';

const key = (url: string) => cacheKey(parseContentUrl(url));

describe('content cache keys', () => {
  it('ignore the API key and the order of the query', () => {
    expect(key('/v1/content/latest?limit=5&key=k1&cursor=c')).toBe('/v1/content/latest?cursor=c&limit=5');
    expect(key('/v1/content/latest?cursor=c&limit=5&key=k2')).toBe(key('/v1/content/latest?limit=5&key=k1&cursor=c'));
    expect(key('/v1/content/latest?key=k')).toBe('/v1/content/latest');
    expect(key('/v1/content/latest')).toBe('/v1/content/latest');
  });
  it('ignore the reader on an article page only (elsewhere it is an unknown parameter, refused by the full pipeline)', () => {
    expect(key('/v1/content/articles/a-piece?reader=r1')).toBe('/v1/content/articles/a-piece');
    expect(key('/v1/content/latest?reader=r1')).toBe('/v1/content/latest?reader=r1');
  });
});

describe('readerOf and apiKeyOf', () => {
  it('take one reader of at most 128 characters, else leave the request to the full pipeline', () => {
    expect(readerOf(parseContentUrl('/v1/content/articles/x'))).toBeUndefined();
    expect(readerOf(parseContentUrl('/v1/content/articles/x?reader=r1'))).toBe('r1');
    expect(readerOf(parseContentUrl('/v1/content/articles/x?reader=a&reader=b'))).toBe(false);
    expect(readerOf(parseContentUrl(`/v1/content/articles/x?reader=${'r'.repeat(129)}`))).toBe(false);
    expect(readerOf(parseContentUrl('/v1/content/articles/x?reader=a%00b'))).toBe(false);
  });
  it('prefer the X-Api-Key header to ?key=', () => {
    const req = (headers: Record<string, string>) => ({ headers }) as never;
    expect(apiKeyOf(req({ 'x-api-key': 'h' }), parseContentUrl('/v1/content/latest?key=q'))).toBe('h');
    expect(apiKeyOf(req({}), parseContentUrl('/v1/content/latest?key=q'))).toBe('q');
    expect(apiKeyOf(req({}), parseContentUrl('/v1/content/latest'))).toBeUndefined();
  });
});

describe('articlePageRequest', () => {
  const req = (url: string) => articlePageRequest(parseContentUrl(url));
  it('takes a well-formed slug with at most one key and one reader', () => {
    expect(req('/v1/content/articles/a-piece')).toEqual({ slug: 'a-piece', reader: undefined });
    expect(req('/v1/content/articles/a-piece?key=k&reader=r')).toEqual({ slug: 'a-piece', reader: 'r' });
  });
  it('leaves to the full pipeline what it would refuse or read differently', () => {
    for (const url of [
      '/v1/content/articles/A-Piece',
      '/v1/content/articles/a%2Dpiece',
      '/v1/content/articles/a--piece',
      `/v1/content/articles/${'a'.repeat(121)}`,
      '/v1/content/articles/a-piece/',
      '/v1/content/articles/a-piece?limit=5',
      '/v1/content/articles/a-piece?key=a&key=b',
      `/v1/content/articles/a-piece?key=${'k'.repeat(201)}`,
      '/v1/content/articles/a-piece?key=%00',
      '/v1/content/articles/a-piece?reader=a&reader=b',
      '/v1/content/articles?section=x',
    ])
      expect(req(url), url).toBeNull();
  });
});

describe('the fast path takes its limits from ArticlePageQuery', () => {
  it('accepts a key and a reader exactly up to the length the DTO accepts', async () => {
    for (const field of ['key', 'reader'] as const) {
      const max = maxLengthOf(ArticlePageQuery, field);
      for (const length of [max, max + 1]) {
        const value = 'r'.repeat(length);
        const byDto = (await validate(plainToInstance(ArticlePageQuery, { [field]: value }))).length === 0;
        const byFastPath = articlePageRequest(parseContentUrl(`/v1/content/articles/a-piece?${field}=${value}`)) !== null;
        expect([field, length, byFastPath]).toEqual([field, length, length === max]);
        expect(byDto).toBe(byFastPath);
      }
    }
  });

  it('refuses to start on a field without @MaxLength', () => {
    expect(() => maxLengthOf(ArticlePageQuery, 'nothing')).toThrow('ArticlePageQuery.nothing declares no @MaxLength');
  });
});

describe('capSurrogateKeys', () => {
  it('keeps keys in order, once each, within the header budget', () => {
    expect(capSurrogateKeys(['home', 'article-1', 'home'])).toEqual(['home', 'article-1']);
    const many = Array.from({ length: 1000 }, (_, i) => `article-${String(i).padStart(36, '0')}`);
    const kept = capSurrogateKeys(['home', ...many]);
    expect(kept[0]).toBe('home');
    expect(kept.join(' ').length).toBeLessThanOrEqual(SURROGATE_KEY_MAX_CHARS);
    expect(kept.length).toBeLessThan(many.length);
  });

  it('drops repeats the same way in a short list and a long one', () => {
    const long = ['home', ...Array.from({ length: 60 }, (_, i) => `article-${i % 20}`)];
    expect(capSurrogateKeys(long)).toEqual(['home', ...Array.from({ length: 20 }, (_, i) => `article-${i}`)]);
    expect(capSurrogateKeys(long.slice(0, 25))).toEqual(['home', ...Array.from({ length: 20 }, (_, i) => `article-${i}`)]);
  });
});

describe('cacheControlOf (issue 17 item 14)', () => {
  const config = { contentMaxAgeS: 60, contentSwrS: 300 };
  it('a 404 is public for a few seconds and never stale; a page for max-age plus stale-while-revalidate; a preview is private', () => {
    expect(cacheControlOf(404, config)).toBe('public, max-age=10');
    expect(cacheControlOf(404, { contentMaxAgeS: 5, contentSwrS: 300 })).toBe('public, max-age=5');
    expect(cacheControlOf(200, config)).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(cacheControlOf(301, config)).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(cacheControlOf(200, config, true)).toBe('private, no-store');
  });
});
