import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app-harness.js';

/** The api serves the built desk (a stand-in build here) and answers clearly without one. */
describe('the desk at /desk', () => {
  let t: TestApp;
  let missing: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'desk-build-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><meta name="newsroom-time-zone" content="UTC"><script type="module" src="/desk/assets/index-AbC123.js"></script>');
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
    t = await createTestApp({ env: { DESK_DIR: dir, NEWSROOM_TIME_ZONE: 'Europe/Berlin', IMAGE_BASE_URL: 'https://img.example.org/media' } });
    missing = await createTestApp({ env: { DESK_DIR: join(dir, 'nothing-here') } });
  });
  afterAll(async () => {
    await t?.close();
    await missing?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page with a strict CSP, no-cache and the newsroom time zone, for deep links and the mail pages too', async () => {
    for (const path of ['/desk', '/desk/', '/desk/articles/4f1c2d9e-0000-4000-8000-000000000000', '/accept-invite?token=abc', '/reset-password?token=abc']) {
      const res = await t.http().get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("img-src 'self' blob: data: https:;");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.text).toContain('<meta name="newsroom-time-zone" content="Europe/Berlin">');
    }
  });

  it('serves hashed assets as immutable, and nothing outside the build', async () => {
    const js = await t.http().get('/desk/assets/index-AbC123.js');
    expect(js.status).toBe(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    for (const bad of ['/desk/assets/nope-123.js', '/desk/assets/..%2Findex.html', '/desk/assets/%2e%2e%2f%2e%2e%2fpackage.json']) {
      const res = await t.http().get(bad);
      expect(res.status, bad).toBe(404);
    }
  });

  it('answers 503 DESK_NOT_BUILT when the desk has not been built (the api still starts)', async () => {
    const res = await missing.http().get('/desk/articles');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('DESK_NOT_BUILT');
    expect((await missing.http().get('/health')).status).toBeLessThan(500);
  });
});
