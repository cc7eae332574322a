import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type TestApp } from '../support/app-harness.js';

/**
 * Item 25: production answers carry nosniff, frame protection, a restrictive CSP (the docs'
 * HTML its own) and HSTS when the public origin is https; /docs can be turned off.
 */

let prod: TestApp;
let hidden: TestApp;
let key: string;

beforeAll(async () => {
  prod = await createTestApp({ env: { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-at-least-32-characters', PUBLIC_BASE_URL: 'https://news.example.org' } });
  hidden = await createTestApp({ env: { DOCS_ENABLED: 'false', PUBLIC_BASE_URL: 'http://localhost:3000' } });
  key = await contentKey(prod, await actingAs(prod, 'admin'));
});
afterAll(async () => {
  await hidden?.close();
  await prod?.close();
});

const HSTS = /^max-age=\d{7,}; includeSubDomains$/;

function expectHardened(r: { headers: Record<string, string> }, what: string): void {
  expect(r.headers['x-content-type-options'], what).toBe('nosniff');
  expect(r.headers['x-frame-options'], what).toBe('DENY');
  expect(r.headers['content-security-policy'], what).toContain("frame-ancestors 'none'");
  expect(r.headers['strict-transport-security'], what).toMatch(HSTS);
}

describe('item 25: security headers', () => {
  it('JSON (admin, content fast path, errors) and XML answers are hardened, with no script allowed', async () => {
    const answers = [
      ['admin JSON', await prod.http().get('/v1/auth/me')],
      ['content JSON', await prod.http().get('/v1/content/sections').set('x-api-key', key)],
      ['content JSON again (cached)', await prod.http().get('/v1/content/sections').set('x-api-key', key)],
      ['content 404', await prod.http().get('/v1/content/articles/no-such-piece').set('x-api-key', key)],
      ['route 404', await prod.http().get('/nowhere')],
      ['RSS', await prod.http().get('/feed.xml')],
      ['sitemap', await prod.http().get('/sitemap.xml')],
      ['media 404', await prod.http().get('/media/images/00.png')],
    ] as const;
    for (const [what, r] of answers) {
      expectHardened(r, what);
      expect(r.headers['content-security-policy'], what).toContain("default-src 'none'");
      expect(r.headers['content-security-policy'], what).not.toContain('script-src');
    }
    expect(answers[5][1].headers['content-type']).toMatch(/xml/);
  });

  it('/docs sends its own policy: its own scripts, nothing else, never framed', async () => {
    const page = await prod.http().get('/docs').redirects(2);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expectHardened(page, '/docs');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    // no inline script the policy would block
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
    expectHardened(await prod.http().get('/docs/openapi.json'), '/docs/openapi.json');
  });

  it('DOCS_ENABLED=false serves no /docs; a plain-http origin gets no HSTS', async () => {
    for (const path of ['/docs', '/docs/openapi.json', '/docs/openapi.yaml']) expect((await hidden.http().get(path)).status, path).toBe(404);
    const r = await hidden.http().get('/v1/auth/me');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['strict-transport-security']).toBeUndefined();
  });
});
