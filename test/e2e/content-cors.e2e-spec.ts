import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';

const SITE = 'https://www.example-magazine.org';
const OTHER = 'https://evil.example.net';

let t: TestApp;
let star: TestApp;
let admin: Credential;
let key: string;

beforeAll(async () => {
  [t, star] = await Promise.all([createTestApp({ env: { CONTENT_CORS_ORIGINS: `${SITE}, http://localhost:5173` } }), createTestApp({ env: { CONTENT_CORS_ORIGINS: '*' } })]);
  admin = await actingAs(t, 'admin');
  key = await contentKey(t, admin);
});
afterAll(async () => {
  await Promise.all([t?.close(), star?.close()]);
});

const preflight = (app: TestApp, path: string, origin: string, method = 'GET', headers = 'x-api-key') =>
  app.http().options(path).set('origin', origin).set('access-control-request-method', method).set('access-control-request-headers', headers);

describe('issue 22 item 3: CORS on the content surface', () => {
  it('answers a preflight from a listed origin for reads, the newsletter signup and banner events', async () => {
    for (const [path, method, headers] of [
      ['/v1/content/latest', 'GET', 'x-api-key'],
      ['/v1/content/articles/some-slug', 'GET', 'x-api-key,if-none-match'],
      ['/v1/content/newsletter/subscriptions', 'POST', 'content-type,x-api-key'],
      ['/v1/content/donation-campaigns/events', 'POST', 'content-type,x-api-key'],
    ] as const) {
      const r = await preflight(t, path, SITE, method, headers);
      expect(r.status, path).toBe(204);
      expect(r.headers['access-control-allow-origin']).toBe(SITE);
      expect(r.headers['access-control-allow-methods']).toContain(method);
      for (const h of headers.split(',')) expect(r.headers['access-control-allow-headers']!.toLowerCase()).toContain(h);
      expect(r.headers['access-control-allow-credentials']).toBeUndefined();
      expect(r.headers.vary).toContain('Origin');
    }
  });

  it('refuses a preflight from an unlisted origin with 403 CORS_ORIGIN_NOT_ALLOWED and no CORS headers', async () => {
    const r = await preflight(t, '/v1/content/latest', OTHER);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('CORS_ORIGIN_NOT_ALLOWED');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('puts the allowed origin on actual responses, cached or not, errors too, and Vary: Origin', async () => {
    for (let i = 0; i < 3; i++) {
      // the second and third read come from the content cache (the fast path)
      const r = await t.http().get('/v1/content/latest').set('x-api-key', key).set('origin', SITE);
      expect(r.status).toBe(200);
      expect(r.headers['access-control-allow-origin']).toBe(SITE);
      expect(r.headers['access-control-expose-headers']).toContain('ETag');
      expect(r.headers.vary).toMatch(/Origin/);
    }
    const unlisted = await t.http().get('/v1/content/latest').set('x-api-key', key).set('origin', OTHER);
    expect(unlisted.status).toBe(200);
    expect(unlisted.headers['access-control-allow-origin']).toBeUndefined();
    const missingKey = await t.http().get('/v1/content/latest').set('origin', SITE);
    expect(missingKey.status).toBe(401);
    expect(missingKey.headers['access-control-allow-origin']).toBe(SITE);
    const signup = await t.http().post('/v1/content/newsletter/subscriptions').set('x-api-key', key).set('origin', 'http://localhost:5173').send({ email: 'not an address' });
    expect(signup.status).toBe(400);
    expect(signup.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const events = await t
      .http()
      .post('/v1/content/donation-campaigns/events')
      .set('x-api-key', key)
      .set('origin', SITE)
      .send({ events: [{ eventId: randomUUID(), type: 'impression', campaignId: randomUUID(), variantId: randomUUID() }] });
    expect(events.headers['access-control-allow-origin']).toBe(SITE);
  });

  it('the admin surface and everything else send no CORS headers; a preflight there stays 404', async () => {
    for (const path of ['/v1/admin/articles', '/v1/auth/login', '/health', '/v1/contentious']) {
      const p = await preflight(t, path, SITE, 'POST', 'authorization,content-type');
      expect(p.status, path).toBe(404);
      expect(p.body.error.code).toBe('ROUTE_NOT_FOUND');
      expect(p.headers['access-control-allow-origin'], path).toBeUndefined();
    }
    const r = await t.http().get('/v1/admin/articles').set(admin.auth).set('origin', SITE);
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers.vary ?? '').not.toMatch(/Origin/);
  });

  it('with *, any origin is allowed without Vary: Origin', async () => {
    const p = await preflight(star, '/v1/content/latest', OTHER);
    expect(p.status).toBe(204);
    expect(p.headers['access-control-allow-origin']).toBe('*');
    const starAdmin = await actingAs(star, 'admin');
    const r = await star
      .http()
      .get('/v1/content/latest')
      .set('x-api-key', await contentKey(star, starAdmin))
      .set('origin', OTHER);
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.headers.vary).toBe('Accept-Encoding');
    // a plain OPTIONS (no Origin) says what the path allows
    const plain = await star.http().options('/v1/content/latest');
    expect(plain.status).toBe(204);
    expect(plain.headers.allow).toContain('GET');
  });
});
