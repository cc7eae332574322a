import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { collectRoutes } from '../support/routes.js';

let t: TestApp;
let admin: Credential;
const counts = async () =>
  (
    await t.sql<{ a: string; k: string; s: string }>(
      'SELECT (SELECT count(*) FROM accounts)::text a, (SELECT count(*) FROM api_keys)::text k, (SELECT count(*) FROM sessions)::text s',
    )
  )[0];

beforeAll(async () => {
  t = await createTestApp({ env: { BODY_LIMIT_BYTES: '4096' } });
  admin = await actingAs(t, 'admin');
});
afterAll(() => t?.close());

describe('bad input gets a 4xx with a stable code and changes nothing', () => {
  const cases: [string, (r: ReturnType<TestApp['http']>) => Promise<{ status: number; body: { error: { code: string } } }>, number, string][] = [
    ['malformed JSON', (h) => h.post('/v1/admin/api-keys').set('content-type', 'application/json').send('{"name": "x"'), 400, 'MALFORMED_JSON'],
    ['unknown field', (h) => h.post('/v1/admin/api-keys').send({ name: 'x', admin: true }), 400, 'VALIDATION_FAILED'],
    ['wrong type', (h) => h.post('/v1/admin/api-keys').send({ name: 42 }), 400, 'VALIDATION_FAILED'],
    ['missing field', (h) => h.post('/v1/admin/api-keys').send({}), 400, 'VALIDATION_FAILED'],
    ['array body', (h) => h.post('/v1/admin/api-keys').send([{ name: 'x' }]), 400, 'VALIDATION_FAILED'],
    ['prototype pollution', (h) => h.post('/v1/admin/api-keys').set('content-type', 'application/json').send('{"name":"x","__proto__":{"admin":true}}'), 400, 'MALFORMED_JSON'],
    [
      'JSON nested 100 levels deep',
      (h) =>
        h
          .post('/v1/admin/api-keys')
          .set('content-type', 'application/json')
          .send(`{"name":"x","a":${'['.repeat(100)}${']'.repeat(100)}}`),
      400,
      'VALIDATION_FAILED',
    ],
    ['NUL character in text', (h) => h.post('/v1/admin/api-keys').send({ name: 'a\u0000b' }), 400, 'VALIDATION_FAILED'],
    ['unpaired surrogate in text', (h) => h.post('/v1/admin/api-keys').set('content-type', 'application/json').send('{"name":"\\ud800"}'), 400, 'VALIDATION_FAILED'],
    ['null for a required text', (h) => h.post('/v1/admin/api-keys').send({ name: null }), 400, 'VALIDATION_FAILED'],
    ['text body', (h) => h.post('/v1/admin/api-keys').set('content-type', 'text/plain').send('name=x'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['oversized body', (h) => h.post('/v1/admin/api-keys').send({ name: 'x'.repeat(10_000) }), 413, 'PAYLOAD_TOO_LARGE'],
    ['non-uuid id', (h) => h.delete('/v1/admin/api-keys/not-a-uuid'), 400, 'VALIDATION_FAILED'],
    ['unknown id', (h) => h.delete('/v1/admin/api-keys/7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa'), 404, 'API_KEY_NOT_FOUND'],
  ];
  for (const [name, send, status, code] of cases) {
    it(name, async () => {
      const before = await counts();
      const r = await send(t.http().set(admin.auth) as never);
      expect(r.status).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(await counts()).toEqual(before);
    });
  }

  it('details name the offending fields', async () => {
    const r = await t.http().post('/v1/admin/api-keys').set(admin.auth).send({ name: 42, extra: 1 });
    const fields = r.body.error.details.map((d: { field: string; code: string }) => `${d.field}:${d.code}`);
    expect(fields).toEqual(expect.arrayContaining(['extra:unknownField', 'name:isString']));
  });
});

describe('operations', () => {
  it('health pings the database', async () => {
    const r = await t.http().get('/health');
    expect(r.status).toBe(200);
    expect(r.body.info.database.status).toBe('up');
  });

  it('echoes a caller request id, or makes one', async () => {
    const r = await t.http().get('/health').set('x-request-id', 'abc-123');
    expect(r.headers['x-request-id']).toBe('abc-123');
    const made = await t.http().get('/nowhere');
    expect(made.status).toBe(404);
    expect(made.body.error.code).toBe('ROUTE_NOT_FOUND');
    expect(made.body.error.requestId).toBe(made.headers['x-request-id']);
  });

  it('every route declares an access policy', () => {
    expect(
      collectRoutes(t.app)
        .filter((r) => !r.policy)
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual([]);
  });

  it('documents every route in the OpenAPI document, each with a declared error response', async () => {
    const doc = (await t.http().get('/docs/openapi.json')).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    const routes = collectRoutes(t.app).map((r) => `${r.method} ${r.path}`);
    const missing = routes.filter((r) => !documented.has(r));
    expect(routes.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (path === '/health') continue;
        const errorStatuses = Object.keys(op.responses).filter((s) => Number(s) >= 400);
        expect(errorStatuses.length, `${method} ${path} documents no error`).toBeGreaterThan(0);
      }
    }
  });
});
