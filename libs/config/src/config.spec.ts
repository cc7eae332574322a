import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from './config.schema.js';
import { ConfigError, configTableMarkdown, loadConfig } from './config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.map((p) => p.key);
  }
};

describe('loadConfig', () => {
  it('gives typed defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.url).toBeUndefined();
    expect(c.surfaces).toEqual({ admin: true, content: true });
    expect(c.auth.accessTtlMs).toBe(15 * 60_000);
    expect(c.jobsInProcess).toBe(true);
  });

  it('links to its own port when PUBLIC_BASE_URL is unset, and to PUBLIC_BASE_URL when set', () => {
    expect(loadConfig({}).publicBaseUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '3999' }).publicBaseUrl).toBe('http://localhost:3999');
    expect(loadConfig({ PORT: '3999', PUBLIC_BASE_URL: 'https://mag.example/' }).publicBaseUrl).toBe('https://mag.example');
    expect(loadConfig({ PORT: '3999' }).images.baseUrl).toBe('http://localhost:3999/media/images');
  });

  it('names every bad key at once', () => {
    expect(problemsOf({ PORT: 'eighty', JOBS_IN_PROCESS: 'maybe', ACCESS_TOKEN_TTL: 'soon', API_SURFACES: 'admin,public' }).sort()).toEqual(
      ['ACCESS_TOKEN_TTL', 'API_SURFACES', 'JOBS_IN_PROCESS', 'PORT'].sort(),
    );
  });

  it('rejects out-of-range numbers, non-postgres URLs and unsafe schema names', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT']);
    expect(problemsOf({ DATABASE_URL: 'mysql://x@y/z' })).toEqual(['DATABASE_URL']);
    expect(problemsOf({ DATABASE_SCHEMA: 'x; drop table y' })).toEqual(['DATABASE_SCHEMA']);
  });

  it('refuses insecure defaults in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['JWT_SECRET']);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toEqual(['JWT_SECRET']);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).auth.jwtSecret).toHaveLength(40);
  });

  it('issue 22: CORS origins and rendition sets', () => {
    expect(loadConfig({}).contentCors).toEqual({ any: false, origins: [] });
    expect(loadConfig({ CONTENT_CORS_ORIGINS: '*' }).contentCors).toEqual({ any: true, origins: [] });
    expect(loadConfig({ CONTENT_CORS_ORIGINS: 'https://WWW.example.org/, http://localhost:5173' }).contentCors.origins).toEqual([
      'https://www.example.org',
      'http://localhost:5173',
    ]);
    for (const bad of ['https://example.org/path', 'example.org', 'ftp://example.org', '*,https://example.org'])
      expect(problemsOf({ CONTENT_CORS_ORIGINS: bad }), bad).toEqual(['CONTENT_CORS_ORIGINS']);
    const r = loadConfig({ IMAGE_RENDITION_WIDTHS: '640,320,640', IMAGE_RENDITION_RATIOS: '16:9,1:1' }).images.renditions;
    expect(r.widths).toEqual([320, 640]);
    expect(r.ratios).toEqual([
      { w: 16, h: 9 },
      { w: 1, h: 1 },
    ]);
    expect(problemsOf({ IMAGE_RENDITION_WIDTHS: '320,abc' })).toEqual(['IMAGE_RENDITION_WIDTHS']);
    expect(problemsOf({ IMAGE_RENDITION_WIDTHS: '9000' })).toEqual(['IMAGE_RENDITION_WIDTHS']);
    expect(problemsOf({ IMAGE_RENDITION_RATIOS: '16/9' })).toEqual(['IMAGE_RENDITION_RATIOS']);
  });

  it('parses durations, booleans and lists', () => {
    const c = loadConfig({ REFRESH_TOKEN_TTL: '2h', JOBS_IN_PROCESS: 'off', API_SURFACES: 'content', TRUSTED_PROXIES: '10.0.0.1, 10.0.0.2' });
    expect(c.auth.refreshTtlMs).toBe(7_200_000);
    expect(c.jobsInProcess).toBe(false);
    expect(c.surfaces).toEqual({ admin: false, content: true });
    expect(c.trustedProxies).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});

describe('docs/configuration.md', () => {
  it('documents every key the schema defines', () => {
    const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    const missing = CONFIG_KEYS.map((k) => k.key).filter((k) => !doc.includes(`| \`${k}\` |`));
    expect(missing).toEqual([]);
    expect(doc).toContain(configTableMarkdown());
  });
});
