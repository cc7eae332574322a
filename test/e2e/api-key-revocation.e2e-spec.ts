import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeysService } from '#libs/identity';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';

/** Item 24: a revoked API key stops working on every instance at once, not after the cache TTL. */

let a: TestApp;
let b: TestApp;
let admin: Credential;

beforeAll(async () => {
  a = await createTestApp();
  b = await createTestApp({ schema: a.schema });
  admin = await actingAs(a, 'admin');
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

/** Waits until instance `t` has heard of `n` revocations; fails when it has not within 15 s (a loaded
 * two-core machine delivers a NOTIFY late, but never not at all). */
async function heard(t: TestApp, n: number): Promise<void> {
  const keys = t.app.get(ApiKeysService) as ApiKeysService & { invalidations?: number };
  const until = Date.now() + 15_000;
  while ((keys.invalidations ?? 0) < n && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  expect(keys.invalidations ?? 0, 'revocations heard').toBeGreaterThanOrEqual(n);
}

describe('item 24: API key revocation reaches every instance', () => {
  it('a key cached on instance B is refused there right after instance A revokes it', async () => {
    const created = await a.http().post('/v1/admin/api-keys').set(admin.auth).send({ name: 'front-end' });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    // B checks the key twice: the second answer comes from B's cache
    for (const path of ['/v1/content/sections', '/v1/content/articles', '/v1/content/sections']) expect((await b.http().get(path).set('x-api-key', key)).status, path).toBe(200);

    const before = (b.app.get(ApiKeysService) as ApiKeysService & { invalidations?: number }).invalidations ?? 0;
    expect((await a.http().delete(`/v1/admin/api-keys/${created.body.id}`).set(admin.auth)).status).toBe(200);
    await heard(b, before + 1);
    for (const path of ['/v1/content/sections', '/v1/content/articles', `/v1/content/sections?key=${key}`]) {
      const r = await b.http().get(path).set('x-api-key', key);
      expect(r.status, path).toBe(401);
      expect(r.body.error.code).toBe('API_KEY_INVALID');
    }
    // and on A, which revoked it
    expect((await a.http().get('/v1/content/sections').set('x-api-key', key)).status).toBe(401);
  });
});
