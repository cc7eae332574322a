import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type TestApp } from '../support/app-harness.js';

/** Issue 17 item 16: one error shape everywhere, `{ error: { code, message, details, requestId } }`. */

let t: TestApp;
let key: string;

beforeAll(async () => {
  t = await createTestApp();
  key = await contentKey(t, await actingAs(t, 'admin'));
});
afterAll(() => t?.close());

function expectErrorShape(r: { status: number; body: unknown; headers: Record<string, string> }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Array), requestId: expect.any(String) } });
  expect((r.body as { error: { requestId: string } }).error.requestId).toBe(r.headers['x-request-id']);
}

describe('error shape (issue 17 item 16)', () => {
  it('issue 17 item 16: a malformed URL gets the error envelope with its request id, not Fastify’s own shape', async () => {
    for (const path of ['/%ff', '/v1/content/articles/%ff', '/v1/admin/articles/%e0%a4%a']) {
      const r = await t.http().get(path).set('X-Api-Key', key);
      expectErrorShape(r, 400, 'BAD_URL');
    }
    const given = await t.http().get('/%ff').set('X-Request-Id', 'trace-abc.123');
    expect(given.body.error.requestId).toBe('trace-abc.123');
  });

  it('issue 17 item 16: content 404s carry the request id, answered by the fast path or the framework, cached or not', async () => {
    for (const path of [
      '/v1/content/articles/no-such-piece-here',
      '/v1/content/sections/no-such-section',
      '/v1/content/tags/no-such-tag',
      '/v1/content/contributors/no-such-person',
    ]) {
      const ids = new Set<string>();
      // the first miss renders, the second stores, the third is answered from the cache
      for (let i = 0; i < 4; i++) {
        const r = await t.http().get(path).set('X-Api-Key', key);
        expectErrorShape(r, 404, expect.stringMatching(/_NOT_FOUND$/) as unknown as string);
        ids.add(r.body.error.requestId);
      }
      expect(ids.size).toBe(4);
    }
  });
});
